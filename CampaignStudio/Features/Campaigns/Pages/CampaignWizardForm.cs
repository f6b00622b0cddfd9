using System.Globalization;
using CampaignStudio.Features.Shared;

namespace CampaignStudio.Features.Campaigns.Pages;

/// <summary>
/// What the wizard's inputs hold, across steps: going back and forth keeps it, and each step turns its part into
/// the service's input when it is saved.
/// </summary>
public sealed class CampaignWizardForm
{
    public string? Name { get; set; }

    public string? Description { get; set; }

    public Dictionary<string, string?> Fields { get; } = new(StringComparer.Ordinal);

    public List<KeyValueRow> Attributes { get; } = [];

    public List<int> Include { get; } = [];

    public List<int> Exclude { get; } = [];

    public HashSet<Channel> Channels { get; } = [];

    public int? SenderId { get; set; }

    public string? ReplyTo { get; set; }

    public string? Subject { get; set; }

    public string? Preheader { get; set; }

    public string? HtmlBody { get; set; }

    public string? TextBody { get; set; }

    public string? SmsText { get; set; }

    public bool SmsTrackLinks { get; set; } = true;

    public WhatsAppMessageKind WhatsAppKind { get; set; } = WhatsAppMessageKind.Template;

    public string? TemplateName { get; set; }

    public string? Language { get; set; }

    public List<KeyValueRow> Variables { get; } = [];

    public string? WhatsAppText { get; set; }

    public bool WhatsAppTrackLinks { get; set; } = true;

    public string? PushTitle { get; set; }

    public string? PushBody { get; set; }

    public string? PushImageUrl { get; set; }

    public string? DeepLink { get; set; }

    public bool PushTrackLinks { get; set; } = true;

    public List<KeyValueRow> PushData { get; } = [];

    public CampaignScheduleKind ScheduleKind { get; set; } = CampaignScheduleKind.At;

    public DateTime? Date { get; set; }

    public TimeSpan? Time { get; set; }

    public string? TimeZone { get; set; }

    public static CampaignWizardForm From(CampaignDetails details)
    {
        var form = new CampaignWizardForm { Name = details.Name, Description = details.Description };
        foreach (var (key, value) in details.Fields)
        {
            form.Fields[key] = value;
        }

        form.Attributes.AddRange(details.Attributes.Select(a => new KeyValueRow { Key = a.Key, Value = a.Value }));
        form.Include.AddRange(details.IncludeSegments.Select(s => s.Id));
        form.Exclude.AddRange(details.ExcludeSegments.Select(s => s.Id));
        form.Channels.UnionWith(details.Channels);
        var content = details.Content;
        if (content.Email is { } email)
        {
            (form.SenderId, form.ReplyTo, form.Subject, form.Preheader, form.HtmlBody, form.TextBody) = (email.SenderId, email.ReplyTo, email.Subject, email.Preheader, email.HtmlBody, email.TextBody);
        }

        form.SmsText = content.Sms?.Text;
        form.SmsTrackLinks = content.Sms?.TrackLinks ?? true;
        if (content.WhatsApp is { } whatsApp)
        {
            (form.WhatsAppKind, form.TemplateName, form.Language, form.WhatsAppText, form.WhatsAppTrackLinks) = (whatsApp.Kind, whatsApp.TemplateName, whatsApp.Language, whatsApp.Text, whatsApp.TrackLinks);
            form.Variables.AddRange(whatsApp.Variables.Select(v => new KeyValueRow { Value = v }));
        }

        if (content.Push is { } push)
        {
            (form.PushTitle, form.PushBody, form.PushImageUrl, form.DeepLink, form.PushTrackLinks) = (push.Title, push.Body, push.ImageUrl, push.DeepLink, push.TrackLinks);
            form.PushData.AddRange(push.Data.Select(d => new KeyValueRow { Key = d.Key, Value = d.Value }));
        }

        if (details.Schedule is { } schedule)
        {
            form.ScheduleKind = schedule.Kind;
            form.Date = schedule.LocalDate?.ToDateTime(TimeOnly.MinValue);
            form.Time = schedule.LocalTime?.ToTimeSpan();
            form.TimeZone = schedule.TimeZone;
        }

        return form;
    }

    public CampaignBasicsInput ToBasics() => new()
    {
        Name = Name,
        Description = Description,
        Fields = new Dictionary<string, string?>(Fields.Where(f => !string.IsNullOrWhiteSpace(f.Value)), StringComparer.Ordinal),
        Attributes = Attributes.Where(a => !string.IsNullOrWhiteSpace(a.Key))
            .GroupBy(a => a.Key!.Trim(), StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Last().Value ?? "", StringComparer.Ordinal),
    };

    public CampaignAudienceInput ToAudience() => new() { IncludeSegmentIds = [.. Include], ExcludeSegmentIds = [.. Exclude] };

    public CampaignContentInput ToContent() => new()
    {
        Channels = [.. Channels.Order()],
        Content = new CampaignContent
        {
            Email = new EmailContent { SenderId = SenderId, ReplyTo = ReplyTo, Subject = Subject, Preheader = Preheader, HtmlBody = HtmlBody, TextBody = TextBody },
            Sms = new SmsContent { Text = SmsText, TrackLinks = SmsTrackLinks },
            WhatsApp = new WhatsAppContent { Kind = WhatsAppKind, TemplateName = TemplateName, Language = Language, Variables = [.. Variables.Select(v => v.Value ?? "")], Text = WhatsAppText, TrackLinks = WhatsAppTrackLinks },
            Push = new PushContent
            {
                Title = PushTitle,
                Body = PushBody,
                ImageUrl = PushImageUrl,
                DeepLink = DeepLink,
                TrackLinks = PushTrackLinks,
                Data = PushData.Where(d => !string.IsNullOrWhiteSpace(d.Key)).GroupBy(d => d.Key!.Trim(), StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Last().Value ?? "", StringComparer.Ordinal),
            },
        }.For(Channels.ToFlags()),
    };

    public CampaignScheduleInput ToSchedule() => new()
    {
        Kind = ScheduleKind,
        Date = Date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        Time = Time is { } t ? new DateTime(t.Ticks).ToString("HH:mm", CultureInfo.InvariantCulture) : null,
        TimeZone = TimeZone,
    };
}

/// <summary>One editable key/value row (attributes, push data, WhatsApp variables).</summary>
public sealed class KeyValueRow
{
    public string? Key { get; set; }

    public string? Value { get; set; }
}
