using CampaignStudio.Features.Audience.Pii;

namespace CampaignStudio.Features.Audience.Contacts;

/// <summary>How a normalised input updates a stored contact.</summary>
public enum ProfileUpdate
{
    /// <summary>CRM API and import: a missing value leaves the stored one; consents given are recorded anew.</summary>
    Merge,

    /// <summary>The contact form: the form is the whole profile, a blank field clears it; consents are recorded when they change.</summary>
    Replace,
}

/// <summary>Writes a <see cref="NormalizedContact"/> onto a <see cref="Contact"/>, sealing its email and phone.</summary>
internal static class ContactProfileWriter
{
    public static void Write(Contact contact, NormalizedContact input, PiiProtector pii, DateTime now, ProfileUpdate mode) =>
        Write(contact, new SealedContact(0, input, input.Email is null ? null : pii.Seal(input.Email), input.Phone is null ? null : pii.Seal(input.Phone)), now, mode);

    public static void Write(Contact contact, SealedContact sealedInput, DateTime now, ProfileUpdate mode)
    {
        var input = sealedInput.Input;
        var replace = mode == ProfileUpdate.Replace;
        T Pick<T>(T incoming, T current) => replace || incoming is not null ? incoming : current;

        contact.ExternalId = Pick(input.ExternalId, contact.ExternalId);
        if (replace || sealedInput.Email is not null)
        {
            contact.SetEmail(sealedInput.Email, input.EmailDomain);
        }

        if (replace || sealedInput.Phone is not null)
        {
            contact.SetPhone(sealedInput.Phone, input.PhoneRegion);
        }

        contact.FirstName = Pick(input.FirstName, contact.FirstName);
        contact.LastName = Pick(input.LastName, contact.LastName);
        contact.Company = Pick(input.Company, contact.Company);
        contact.Country = Pick(input.Country, contact.Country);
        contact.Region = Pick(input.Region, contact.Region);
        contact.City = Pick(input.City, contact.City);
        contact.Language = Pick(input.Language, contact.Language);
        contact.TimeZone = Pick(input.TimeZone, contact.TimeZone);
        contact.BirthDate = Pick(input.BirthDate, contact.BirthDate);
        foreach (var tag in input.Tags)
        {
            contact.AddTag(tag);
        }

        foreach (var (field, value) in input.Fields)
        {
            contact.SetField(field, value);
        }

        foreach (var (channel, status, source, wording, recorded) in input.Consents)
        {
            if (!replace || contact.ConsentFor(channel) != status)
            {
                contact.SetConsent(channel, status, source, wording, recorded ?? now);
            }
        }

        contact.Touch(now);
    }
}
