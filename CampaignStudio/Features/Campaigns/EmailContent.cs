using System.Net.Mail;

namespace CampaignStudio.Features.Campaigns;

/// <summary>An email: who sends it (an admin-managed <see cref="EmailSender"/>), its reply-to, subject, preheader and bodies.</summary>
public sealed record EmailContent
{
    public const int MaxSubjectLength = 250;
    public const int MaxPreheaderLength = 250;
    public const int MaxHtmlBodyLength = 512 * 1024;
    public const int MaxTextBodyLength = 128 * 1024;
    public const int MaxAddressLength = 254;

    /// <summary>The <see cref="EmailSender"/> the message is sent as.</summary>
    public int? SenderId { get; init; }

    /// <summary>Where replies go; blank means the sender's default reply-to.</summary>
    public string? ReplyTo { get; init; }

    public string? Subject { get; init; }

    /// <summary>The preview line inboxes show after the subject.</summary>
    public string? Preheader { get; init; }

    public string? HtmlBody { get; init; }

    /// <summary>The plain-text alternative.</summary>
    public string? TextBody { get; init; }

    internal EmailContent Normalized() => this with
    {
        ReplyTo = InputText.Line(ReplyTo),
        Subject = InputText.Line(Subject),
        Preheader = InputText.Line(Preheader),
        HtmlBody = InputText.Body(HtmlBody),
        TextBody = InputText.Body(TextBody),
    };

    internal void Check(FieldErrors errors, string prefix)
    {
        if (SenderId is <= 0)
        {
            errors.Add($"{prefix}.senderId", "Choose a sender from the list.");
        }

        if (ReplyTo is not null && (ReplyTo.Length > MaxAddressLength || !IsEmailAddress(ReplyTo)))
        {
            errors.Add($"{prefix}.replyTo", $"'{ReplyTo}' is not a valid email address.");
        }

        errors.MaxLength($"{prefix}.subject", Subject, MaxSubjectLength, "The subject");
        errors.MaxLength($"{prefix}.preheader", Preheader, MaxPreheaderLength, "The preheader");
        errors.MaxLength($"{prefix}.htmlBody", HtmlBody, MaxHtmlBodyLength, "The HTML body");
        errors.MaxLength($"{prefix}.textBody", TextBody, MaxTextBodyLength, "The text body");
    }

    internal void Missing(FieldErrors errors, string prefix)
    {
        if (SenderId is null)
        {
            errors.Add($"{prefix}.senderId", "Choose who the email is from.");
        }

        if (Subject is null)
        {
            errors.Add($"{prefix}.subject", "Write the email's subject.");
        }

        if (HtmlBody is null)
        {
            errors.Add($"{prefix}.htmlBody", "Write the email's body.");
        }
    }

    internal static bool IsEmailAddress(string value) =>
        MailAddress.TryCreate(value, out var address) && address.Address == value && value.Contains('.', StringComparison.Ordinal);
}
