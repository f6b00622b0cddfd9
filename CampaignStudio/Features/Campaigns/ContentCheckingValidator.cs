using CampaignStudio.Data;
using CampaignStudio.Features.Audience.Contacts;
using CampaignStudio.Features.Campaigns.Content;
using CampaignStudio.Features.Shared;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CampaignStudio.Features.Campaigns;

/// <summary>
/// The content check the service uses: the required parts (as <see cref="RequiredContentValidator"/>), then
/// <see cref="ContentChecker"/> per channel (Liquid against the channel's personalisation fields and the
/// workspace's custom fields, addresses, links, unsubscribe, SMS length, WhatsApp and push rules). Each problem is
/// keyed like the service's input (<c>content.email.subject</c>, <c>content.whatsApp.variables[0]</c>) so the
/// wizard shows it next to the field. Errors refuse scheduling; warnings are shown on review.
/// </summary>
public sealed class ContentCheckingValidator(IDbContextFactory<AppDbContext> contexts, ContentChecker checker, EventNameCatalog eventNames, IOptions<Delivery.DeliveryOptions> delivery) : ICampaignContentValidator
{
    public async ValueTask<IReadOnlyList<CampaignContentIssue>> ValidateAsync(CampaignChannels channels, CampaignContent content, CancellationToken cancellationToken)
    {
        var issues = new List<CampaignContentIssue>();
        var missing = content.MissingParts(channels);
        issues.AddRange(missing.SelectMany(p => p.Value.Select(m => new CampaignContentIssue(p.Key, m, CampaignContentIssueSeverity.Error))));
        if (channels == CampaignChannels.None)
        {
            return issues;
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var customFields = (await db.CustomFields.AsNoTracking().Select(f => new { f.Key, f.Type, f.Label }).ToListAsync(cancellationToken))
            .Select(f => new PersonalizationCustomField(f.Key, f.Type, f.Label)).ToList();
        var events = await eventNames.ListAsync(cancellationToken);
        PersonalizationFields Fields(Channel channel) => PersonalizationFields.ForChannel(channel, customFields, events);

        var result = ContentCheckResult.None;
        if (channels.Includes(Channel.Email))
        {
            var email = content.Email ?? new EmailContent();
            var sender = email.SenderId is { } senderId
                ? await db.EmailSenders.AsNoTracking().Where(s => s.Id == senderId).Select(s => new { s.Name, s.Address }).FirstOrDefaultAsync(cancellationToken)
                : null;
            result = result.Combine(checker.CheckEmail(new EmailContentDraft(sender?.Name, sender?.Address, email.ReplyTo, email.Subject, email.Preheader, email.HtmlBody, email.TextBody), Fields(Channel.Email)));
        }

        if (channels.Includes(Channel.Sms))
        {
            var sms = content.Sms ?? new SmsContent();
            result = result.Combine(checker.CheckSms(new SmsContentDraft(sms.Text, sms.TrackLinks ? delivery.Value.PublicBaseUrl : null), Fields(Channel.Sms)));
        }

        if (channels.Includes(Channel.WhatsApp))
        {
            var whatsApp = content.WhatsApp ?? new WhatsAppContent();
            var draft = whatsApp.Kind == WhatsAppMessageKind.Text
                ? new WhatsAppContentDraft(null, null, [], whatsApp.Text)
                : new WhatsAppContentDraft(whatsApp.TemplateName, whatsApp.Language, whatsApp.Variables, null);
            result = result.Combine(checker.CheckWhatsApp(draft, Fields(Channel.WhatsApp)));
        }

        if (channels.Includes(Channel.Push))
        {
            var push = content.Push ?? new PushContent();
            result = result.Combine(checker.CheckPush(new PushContentDraft(push.Title, push.Body, push.ImageUrl, push.DeepLink, push.Data), Fields(Channel.Push)));
        }

        foreach (var problem in result.Problems)
        {
            var key = FieldKey(problem.Channel, problem.Field);
            if (problem.IsError && missing.ContainsKey(key))
            {
                // Already said, in the words of the required check.
                continue;
            }

            if (issues.Any(i => i.Field == key && i.Message == problem.Message))
            {
                continue;
            }

            var where = problem.Line is { } line && problem.Column is { } column ? $" (line {line}, column {column})" : "";
            issues.Add(new CampaignContentIssue(key, problem.Message + where, problem.IsError ? CampaignContentIssueSeverity.Error : CampaignContentIssueSeverity.Warning, problem.InPersonalization));
        }

        return issues;
    }

    /// <summary>The service's field key of a checker field: <c>Email.Subject</c> → <c>content.email.subject</c>.</summary>
    public static string FieldKey(Channel channel, string field)
    {
        var prefix = CampaignContent.FieldPrefix(channel);
        var name = field;
        var index = "";
        var bracket = field.IndexOf('[', StringComparison.Ordinal);
        if (bracket > 0)
        {
            name = field[..bracket];
            index = field[bracket..];
        }

        var mapped = (channel, name) switch
        {
            (Channel.Email, "FromName" or "FromAddress") => "senderId",
            (Channel.WhatsApp, "FreeText") => "text",
            (Channel.Push, "Data") => "data",
            _ => char.ToLowerInvariant(name[0]) + name[1..],
        };

        // Data entries are one field in the editor; variables keep their position.
        return mapped == "data" ? $"{prefix}.data" : $"{prefix}.{mapped}{index}";
    }
}
