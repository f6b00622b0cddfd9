namespace CampaignStudio.Features.Campaigns;

/// <summary>
/// A From address admins set up for campaigns (e.g. "Acme Offers" &lt;offers@acme.example&gt;), with the reply-to
/// used when a campaign names none. Only a verified sender (its domain set up to send) can be used to schedule.
/// </summary>
public sealed class EmailSender
{
    public const int MaxNameLength = 100;

    private EmailSender()
    {
    }

    public EmailSender(string name, string address, string? defaultReplyTo, bool isVerified, DateTime nowUtc)
    {
        Apply(name, address, defaultReplyTo, isVerified);
        CreatedUtc = nowUtc;
        UpdatedUtc = nowUtc;
    }

    public int Id { get; private set; }

    public string Name { get; private set; } = "";

    public string Address { get; private set; } = "";

    public string? DefaultReplyTo { get; private set; }

    public bool IsVerified { get; private set; }

    public DateTime CreatedUtc { get; private set; }

    public DateTime UpdatedUtc { get; private set; }

    public void Update(string name, string address, string? defaultReplyTo, bool isVerified, DateTime nowUtc)
    {
        Apply(name, address, defaultReplyTo, isVerified);
        UpdatedUtc = nowUtc;
    }

    private void Apply(string name, string address, string? defaultReplyTo, bool isVerified)
    {
        name = name?.Trim() ?? "";
        address = address?.Trim() ?? "";
        defaultReplyTo = string.IsNullOrWhiteSpace(defaultReplyTo) ? null : defaultReplyTo.Trim();
        var errors = new FieldErrors();
        if (name.Length is 0 or > MaxNameLength)
        {
            errors.Add("name", $"Give the sender a name of 1 to {MaxNameLength} characters, as recipients will see it.");
        }

        if (address.Length > EmailContent.MaxAddressLength || !EmailContent.IsEmailAddress(address))
        {
            errors.Add("address", $"'{address}' is not a valid email address.");
        }

        if (defaultReplyTo is not null && (defaultReplyTo.Length > EmailContent.MaxAddressLength || !EmailContent.IsEmailAddress(defaultReplyTo)))
        {
            errors.Add("defaultReplyTo", $"'{defaultReplyTo}' is not a valid email address.");
        }

        errors.ThrowIfAny();
        Name = name;
        Address = address;
        DefaultReplyTo = defaultReplyTo;
        IsVerified = isVerified;
    }
}
