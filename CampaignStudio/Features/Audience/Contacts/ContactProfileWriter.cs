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
        T? Pick<T>(T? incoming, T? current, string name) => replace || incoming is not null ? incoming : input.Clears(name) ? default : current;
        T? PickValue<T>(T? incoming, T? current, string name)
            where T : struct => replace || incoming is not null ? incoming : input.Clears(name) ? null : current;

        contact.ExternalId = Pick(input.ExternalId, contact.ExternalId, "externalId");
        if (replace || sealedInput.Email is not null)
        {
            contact.SetEmail(sealedInput.Email, input.EmailDomain);
        }

        if (replace || sealedInput.Phone is not null)
        {
            contact.SetPhone(sealedInput.Phone, input.PhoneRegion);
        }

        contact.FirstName = Pick(input.FirstName, contact.FirstName, "firstName");
        contact.LastName = Pick(input.LastName, contact.LastName, "lastName");
        contact.Company = Pick(input.Company, contact.Company, "company");
        contact.Country = Pick(input.Country, contact.Country, "country");
        contact.Region = Pick(input.Region, contact.Region, "region");
        contact.City = Pick(input.City, contact.City, "city");
        contact.Language = Pick(input.Language, contact.Language, "language");
        contact.TimeZone = Pick(input.TimeZone, contact.TimeZone, "timeZone");
        contact.BirthDate = PickValue(input.BirthDate, contact.BirthDate, "birthDate");
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
