using System.Globalization;
using CampaignStudio.Features.Shared;

namespace CampaignStudio.Features.Campaigns;

/// <summary>
/// Compares two versions of campaign content for the details page and the change log: which channels were added
/// or removed, which fields changed (before and after), and for long text (bodies) a line diff.
/// </summary>
public static class CampaignContentDiff
{
    /// <summary>Above this many cells (lines × lines, after the common start and end are set aside) the line diff stops looking for common lines.</summary>
    private const long MaxLcsCells = 2_000_000;

    public static ContentDiff Compare(CampaignChannels beforeChannels, CampaignContent before, CampaignChannels afterChannels, CampaignContent after, IReadOnlyDictionary<int, string>? senderNames = null)
    {
        var channels = new List<ChannelContentDiff>();
        foreach (var channel in (beforeChannels | afterChannels).ToList())
        {
            var was = beforeChannels.Includes(channel);
            var now = afterChannels.Includes(channel);
            var beforeFields = was ? Fields(channel, before, senderNames) : [];
            var afterFields = now ? Fields(channel, after, senderNames) : [];
            var changed = new List<FieldDiff>();
            foreach (var (field, label, isLong, _) in Fields(channel, CampaignContent.Empty, senderNames))
            {
                var b = beforeFields.FirstOrDefault(f => f.Field == field).Value;
                var a = afterFields.FirstOrDefault(f => f.Field == field).Value;
                if (b != a)
                {
                    changed.Add(new FieldDiff(field, label, b, a, isLong ? Lines(b, a) : null));
                }
            }

            if (was != now)
            {
                channels.Add(new ChannelContentDiff(channel, now ? ChannelChange.Added : ChannelChange.Removed, changed));
            }
            else if (changed.Count > 0)
            {
                channels.Add(new ChannelContentDiff(channel, ChannelChange.Changed, changed));
            }
        }

        return new ContentDiff(channels);
    }

    /// <summary>A line diff of two texts (either may be absent): the shortest edit found by longest common subsequence.</summary>
    public static IReadOnlyList<DiffLine> Lines(string? before, string? after)
    {
        var a = SplitLines(before);
        var b = SplitLines(after);
        var result = new List<DiffLine>();
        var prefix = 0;
        while (prefix < a.Length && prefix < b.Length && a[prefix] == b[prefix])
        {
            result.Add(new DiffLine(DiffLineKind.Unchanged, a[prefix], prefix + 1, prefix + 1));
            prefix++;
        }

        var suffix = 0;
        while (suffix < a.Length - prefix && suffix < b.Length - prefix && a[a.Length - 1 - suffix] == b[b.Length - 1 - suffix])
        {
            suffix++;
        }

        var n = a.Length - prefix - suffix;
        var m = b.Length - prefix - suffix;
        if ((long)n * m > MaxLcsCells)
        {
            result.AddRange(Enumerable.Range(prefix, n).Select(i => new DiffLine(DiffLineKind.Removed, a[i], i + 1, null)));
            result.AddRange(Enumerable.Range(prefix, m).Select(j => new DiffLine(DiffLineKind.Added, b[j], null, j + 1)));
        }
        else
        {
            // lcs[i, j]: length of the longest common subsequence of a[prefix+i..] and b[prefix+j..] (middle part only).
            var lcs = new int[n + 1, m + 1];
            for (var i = n - 1; i >= 0; i--)
            {
                for (var j = m - 1; j >= 0; j--)
                {
                    lcs[i, j] = a[prefix + i] == b[prefix + j] ? lcs[i + 1, j + 1] + 1 : Math.Max(lcs[i + 1, j], lcs[i, j + 1]);
                }
            }

            int x = 0, y = 0;
            while (x < n && y < m)
            {
                if (a[prefix + x] == b[prefix + y])
                {
                    result.Add(new DiffLine(DiffLineKind.Unchanged, a[prefix + x], prefix + x + 1, prefix + y + 1));
                    x++;
                    y++;
                }
                else if (lcs[x + 1, y] >= lcs[x, y + 1])
                {
                    // On a tie the removal comes first, as diff tools show it.
                    result.Add(new DiffLine(DiffLineKind.Removed, a[prefix + x], prefix + x + 1, null));
                    x++;
                }
                else
                {
                    result.Add(new DiffLine(DiffLineKind.Added, b[prefix + y], null, prefix + y + 1));
                    y++;
                }
            }

            for (; x < n; x++)
            {
                result.Add(new DiffLine(DiffLineKind.Removed, a[prefix + x], prefix + x + 1, null));
            }

            for (; y < m; y++)
            {
                result.Add(new DiffLine(DiffLineKind.Added, b[prefix + y], null, prefix + y + 1));
            }
        }

        for (var k = suffix; k > 0; k--)
        {
            result.Add(new DiffLine(DiffLineKind.Unchanged, a[a.Length - k], a.Length - k + 1, b.Length - k + 1));
        }

        return result;
    }

    private static string[] SplitLines(string? text) => string.IsNullOrEmpty(text) ? [] : text.ReplaceLineEndings("\n").Split('\n');

    /// <summary>A channel's fields in display order, as text: (field key, label, is long text, value).</summary>
    private static List<(string Field, string Label, bool IsLong, string? Value)> Fields(Channel channel, CampaignContent content, IReadOnlyDictionary<int, string>? senderNames)
    {
        var prefix = CampaignContent.FieldPrefix(channel);
        switch (channel)
        {
            case Channel.Email:
                var email = content.Email ?? new EmailContent();
                return
                [
                    ($"{prefix}.senderId", "Sender", false, email.SenderId is { } id ? (senderNames?.GetValueOrDefault(id) ?? $"sender #{id.ToString(CultureInfo.InvariantCulture)}") : null),
                    ($"{prefix}.replyTo", "Reply-to", false, email.ReplyTo),
                    ($"{prefix}.subject", "Subject", false, email.Subject),
                    ($"{prefix}.preheader", "Preheader", false, email.Preheader),
                    ($"{prefix}.htmlBody", "HTML body", true, email.HtmlBody),
                    ($"{prefix}.textBody", "Text body", true, email.TextBody),
                ];
            case Channel.Sms:
                return [($"{prefix}.text", "Text", true, content.Sms?.Text), ($"{prefix}.trackLinks", "Link tracking", false, content.Sms is { TrackLinks: false } ? "Off" : null)];
            case Channel.WhatsApp:
                var whatsApp = content.WhatsApp ?? new WhatsAppContent();
                var isTemplate = content.WhatsApp is not null && whatsApp.Kind == WhatsAppMessageKind.Template;
                return
                [
                    ($"{prefix}.kind", "Message kind", false, content.WhatsApp is null ? null : whatsApp.Kind == WhatsAppMessageKind.Template ? "Template" : "Free text"),
                    ($"{prefix}.templateName", "Template", false, whatsApp.TemplateName),
                    ($"{prefix}.language", "Language", false, whatsApp.Language),
                    ($"{prefix}.variables", "Variables", true, isTemplate && whatsApp.Variables.Count > 0
                        ? string.Join("\n", whatsApp.Variables.Select((v, i) => $"{{{{{i + 1}}}}} = {v}"))
                        : null),
                    ($"{prefix}.text", "Text", true, whatsApp.Text),
                    ($"{prefix}.trackLinks", "Link tracking", false, content.WhatsApp is { Kind: WhatsAppMessageKind.Text, TrackLinks: false } ? "Off" : null),
                ];
            case Channel.Push:
                var push = content.Push ?? new PushContent();
                return
                [
                    ($"{prefix}.title", "Title", false, push.Title),
                    ($"{prefix}.body", "Body", true, push.Body),
                    ($"{prefix}.imageUrl", "Image URL", false, push.ImageUrl),
                    ($"{prefix}.deepLink", "Deep link", false, push.DeepLink),
                    ($"{prefix}.trackLinks", "Link tracking", false, content.Push is { TrackLinks: false } ? "Off" : null),
                    ($"{prefix}.data", "Data", true, push.Data.Count > 0 ? string.Join("\n", push.Data.OrderBy(d => d.Key, StringComparer.Ordinal).Select(d => $"{d.Key} = {d.Value}")) : null),
                ];
            default:
                return [];
        }
    }
}
