using CampaignStudio.Features.Shared;

namespace CampaignStudio.Features.Campaigns;

/// <summary>
/// What a campaign says on each channel. Immutable: a change is a new value, stored as a JSON snapshot and kept as
/// a <see cref="CampaignContentVersion"/>. Only the parts of the campaign's channels are kept.
/// </summary>
public sealed record CampaignContent
{
    public static CampaignContent Empty { get; } = new();

    public EmailContent? Email { get; init; }

    public SmsContent? Sms { get; init; }

    public WhatsAppContent? WhatsApp { get; init; }

    public PushContent? Push { get; init; }

    /// <summary>Tidied (trimmed, blanks absent) and limited to <paramref name="channels"/>.</summary>
    public CampaignContent For(CampaignChannels channels) => new()
    {
        Email = channels.Includes(Channel.Email) ? (Email ?? new EmailContent()).Normalized() : null,
        Sms = channels.Includes(Channel.Sms) ? (Sms ?? new SmsContent()).Normalized() : null,
        WhatsApp = channels.Includes(Channel.WhatsApp) ? (WhatsApp ?? new WhatsAppContent()).Normalized() : null,
        Push = channels.Includes(Channel.Push) ? (Push ?? new PushContent()).Normalized() : null,
    };

    /// <summary>Input that can never be stored (too long, malformed addresses…), keyed <c>content.email.subject</c> and so on.</summary>
    public IReadOnlyDictionary<string, string[]> FormatErrors()
    {
        var errors = new FieldErrors();
        Email?.Check(errors, FieldPrefix(Channel.Email));
        Sms?.Check(errors, FieldPrefix(Channel.Sms));
        WhatsApp?.Check(errors, FieldPrefix(Channel.WhatsApp));
        Push?.Check(errors, FieldPrefix(Channel.Push));
        return errors.ToDictionary();
    }

    /// <summary>What is still missing before the campaign can be scheduled on <paramref name="channels"/>.</summary>
    public IReadOnlyDictionary<string, string[]> MissingParts(CampaignChannels channels)
    {
        var errors = new FieldErrors();
        if (channels == CampaignChannels.None)
        {
            errors.Add("channels", "Choose at least one channel.");
        }

        if (channels.Includes(Channel.Email))
        {
            (Email ?? new EmailContent()).Missing(errors, FieldPrefix(Channel.Email));
        }

        if (channels.Includes(Channel.Sms))
        {
            (Sms ?? new SmsContent()).Missing(errors, FieldPrefix(Channel.Sms));
        }

        if (channels.Includes(Channel.WhatsApp))
        {
            (WhatsApp ?? new WhatsAppContent()).Missing(errors, FieldPrefix(Channel.WhatsApp));
        }

        if (channels.Includes(Channel.Push))
        {
            (Push ?? new PushContent()).Missing(errors, FieldPrefix(Channel.Push));
        }

        return errors.ToDictionary();
    }

    /// <summary>The prefix of a channel's field errors: <c>content.email</c>, <c>content.sms</c>, <c>content.whatsApp</c>, <c>content.push</c>.</summary>
    public static string FieldPrefix(Channel channel) => channel switch
    {
        Channel.Email => "content.email",
        Channel.Sms => "content.sms",
        Channel.WhatsApp => "content.whatsApp",
        Channel.Push => "content.push",
        _ => "content",
    };
}
