using CampaignStudio.Features.Identity;
using CampaignStudio.Features.Shared;

namespace CampaignStudio.Features.Outbox;

/// <summary>
/// A message the app rendered but did not hand to a provider (none is configured yet): test sends land here so that
/// people can see exactly what would have gone out. The recipient is the address or number the user typed for the
/// test, not a contact's data.
/// </summary>
public sealed class OutboxMessage
{
    public const int MaxRecipientLength = 4096;
    public const int MaxSubjectLength = 1000;
    public const int MaxStatusLength = 500;
    public const string NoProviderStatus = "Not sent: no provider is configured for this channel";

    private OutboxMessage()
    {
    }

    public OutboxMessage(int? campaignId, Channel channel, string recipient, string? subject, string? htmlBody, string? textBody, bool isTest, Actor createdBy, DateTime nowUtc, string status)
    {
        CampaignId = campaignId;
        Channel = channel;
        Recipient = recipient;
        Subject = subject is { Length: > MaxSubjectLength } ? subject[..MaxSubjectLength] : subject;
        HtmlBody = htmlBody;
        TextBody = textBody;
        IsTest = isTest;
        CreatedById = createdBy.Id;
        CreatedByName = createdBy.Name;
        CreatedUtc = nowUtc;
        Status = status.Length > MaxStatusLength ? status[..MaxStatusLength] : status;
    }

    public long Id { get; private set; }

    public int? CampaignId { get; private set; }

    public Channel Channel { get; private set; }

    public string Recipient { get; private set; } = "";

    /// <summary>The email's subject or the push notification's title.</summary>
    public string? Subject { get; private set; }

    /// <summary>The sanitised HTML of an email.</summary>
    public string? HtmlBody { get; private set; }

    /// <summary>The text of the message (the email's text part, the SMS, the WhatsApp message, the push body).</summary>
    public string? TextBody { get; private set; }

    public bool IsTest { get; private set; }

    public string CreatedById { get; private set; } = "";

    public string CreatedByName { get; private set; } = "";

    public DateTime CreatedUtc { get; private set; }

    /// <summary>What happened to it, in words (e.g. <see cref="NoProviderStatus"/>).</summary>
    public string Status { get; private set; } = "";
}
