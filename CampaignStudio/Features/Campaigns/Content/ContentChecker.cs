using System.Net.Mail;
using System.Text;
using System.Text.RegularExpressions;
using CampaignStudio.Features.Shared;

namespace CampaignStudio.Features.Campaigns.Content;

/// <summary>
/// Checks each channel's content before a campaign is saved (errors block saving) and on review (warnings): required
/// fields, addresses and links, Liquid problems per field, an unsubscribe link in email, SMS length, WhatsApp template
/// rules, push limits. Every problem names its channel and field (<c>Email.Subject</c>).
/// </summary>
public sealed partial class ContentChecker
{
    private static readonly HashSet<string> ReservedPushDataKeys = new(StringComparer.OrdinalIgnoreCase)
    {
        "from", "notification", "message_type", "collapse_key", "priority", "time_to_live", "delivery_receipt_requested", "dry_run",
    };

    private const int MaxPushPayloadBytes = 4000;
    private const int MaxWhatsAppTextLength = 4096;

    private readonly ContentCheckOptions options;
    private readonly LiquidRenderer renderer;

    /// <summary>A checker with default thresholds.</summary>
    public ContentChecker()
        : this(ContentCheckOptions.Default, new LiquidRenderer())
    {
    }

    /// <summary>A checker with the given thresholds; <paramref name="renderer"/> renders sample values to measure personalised text.</summary>
    public ContentChecker(ContentCheckOptions options, LiquidRenderer renderer)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(renderer);
        this.options = options;
        this.renderer = renderer;
    }

    /// <summary>Checks an email against the personalisation <paramref name="fields"/> email offers.</summary>
    public ContentCheckResult CheckEmail(EmailContentDraft draft, PersonalizationFields fields)
    {
        ArgumentNullException.ThrowIfNull(draft);
        ArgumentNullException.ThrowIfNull(fields);
        var check = new Check(Channel.Email, fields);

        if (string.IsNullOrWhiteSpace(draft.FromName))
        {
            check.Warning("FromName", "Add a sender name: without one, inboxes show only the address.");
        }
        else
        {
            check.Liquid("FromName", draft.FromName);
        }

        if (string.IsNullOrWhiteSpace(draft.FromAddress))
        {
            check.Error("FromAddress", "Enter the sender's email address.");
        }
        else if (!IsEmailAddress(draft.FromAddress))
        {
            check.Error("FromAddress", $"'{draft.FromAddress.Trim()}' is not a valid email address.");
        }

        if (!string.IsNullOrWhiteSpace(draft.ReplyTo) && !IsEmailAddress(draft.ReplyTo))
        {
            check.Error("ReplyTo", $"'{draft.ReplyTo.Trim()}' is not a valid email address.");
        }

        if (string.IsNullOrWhiteSpace(draft.Subject))
        {
            check.Error("Subject", "Add a subject.");
        }
        else
        {
            check.Liquid("Subject", draft.Subject);
            if (draft.Subject.Trim().Length > options.SubjectWarningLength)
            {
                check.Warning("Subject", $"The subject has {draft.Subject.Trim().Length} characters; most inboxes show fewer than {options.SubjectWarningLength}, so its end may be cut off.");
            }
        }

        check.Liquid("Preheader", draft.Preheader);

        var hasHtml = !string.IsNullOrWhiteSpace(draft.HtmlBody);
        var hasText = !string.IsNullOrWhiteSpace(draft.TextBody);
        if (!hasHtml && !hasText)
        {
            check.Error("HtmlBody", "Write the email body.");
        }

        if (hasHtml)
        {
            check.Liquid("HtmlBody", draft.HtmlBody);
            var sanitized = EmailHtmlSanitizer.SanitizeWithReport(draft.HtmlBody);
            if (sanitized.RemovedAnything)
            {
                check.Warning("HtmlBody", "Removed before sending, as unsafe in email: " + string.Join(", ", sanitized.Removed.Take(10)) + (sanitized.Removed.Count > 10 ? ", ..." : "."));
            }

            var bytes = Encoding.UTF8.GetByteCount(draft.HtmlBody!);
            if (bytes > options.EmailHtmlWarningBytes)
            {
                check.Warning("HtmlBody", $"The HTML is {bytes / 1024} KB; Gmail clips messages over about {options.EmailHtmlWarningBytes / 1000} KB and hides the rest, unsubscribe link included.");
            }
        }

        check.Liquid("TextBody", draft.TextBody);

        var offersUnsubscribe = (hasHtml && EmailLinkInspector.Inspect(draft.HtmlBody).HasUnsubscribeLink)
            || (!hasHtml && EmailLinkInspector.ContainsUnsubscribePlaceholder(draft.TextBody));
        if ((hasHtml || hasText) && !offersUnsubscribe)
        {
            check.Warning(hasHtml ? "HtmlBody" : "TextBody", "Add an unsubscribe link ({{ unsubscribe_url }}): marketing email must offer one, and mailbox providers penalise senders without it.");
        }

        return check.Result();
    }

    /// <summary>Checks an SMS against the personalisation <paramref name="fields"/> SMS offers.</summary>
    public ContentCheckResult CheckSms(SmsContentDraft draft, PersonalizationFields fields)
    {
        ArgumentNullException.ThrowIfNull(draft);
        ArgumentNullException.ThrowIfNull(fields);
        var check = new Check(Channel.Sms, fields);
        if (string.IsNullOrWhiteSpace(draft.Text))
        {
            check.Error("Text", "Write the message.");
            return check.Result();
        }

        if (!check.Liquid("Text", draft.Text))
        {
            return check.Result();
        }

        // Measured as it goes out: each tracked link as the short link that replaces it.
        var sent = draft.TrackedLinkBase is { } linkBase ? Tracking.TextLinkTracking.WithTypicalShortLinks(draft.Text, linkBase) : draft.Text;
        var (text, personalised) = Sample(sent, fields);
        var info = SmsSegmentCounter.Count(text);
        var measured = personalised ? " (measured with sample values; real values may differ)" : string.Empty;
        if (text.Length > options.MaxSmsCharacters)
        {
            check.Error("Text", $"The message has {text.Length} characters{measured}; SMS providers accept at most {options.MaxSmsCharacters}.");
        }
        else if (info.Segments > options.MaxSmsSegments)
        {
            check.Warning("Text", $"The message takes {info.Segments} SMS segments{measured}, more than {options.MaxSmsSegments}; each segment is billed as one SMS.");
        }

        if (info.IsUnicode && info.IsConcatenated)
        {
            var characters = string.Join(", ", info.NonGsmCharacters.Take(5).Select(c => "‘" + c + "’"));
            check.Warning("Text", $"{characters} switch{(info.NonGsmCharacters.Count == 1 ? "es" : string.Empty)} the message to Unicode, which fits 70 characters per segment instead of 160.");
        }

        return check.Result();
    }

    /// <summary>Checks a WhatsApp message against the personalisation <paramref name="fields"/> WhatsApp offers.</summary>
    public ContentCheckResult CheckWhatsApp(WhatsAppContentDraft draft, PersonalizationFields fields)
    {
        ArgumentNullException.ThrowIfNull(draft);
        ArgumentNullException.ThrowIfNull(fields);
        var check = new Check(Channel.WhatsApp, fields);
        var hasTemplate = !string.IsNullOrWhiteSpace(draft.TemplateName);
        var hasFreeText = !string.IsNullOrWhiteSpace(draft.FreeText);
        var variables = draft.Variables ?? [];
        if (!hasTemplate && !hasFreeText)
        {
            check.Error("TemplateName", "Choose an approved template, or write a free-form message.");
        }

        if (hasTemplate)
        {
            if (!WhatsAppTemplateName().IsMatch(draft.TemplateName!.Trim()))
            {
                check.Error("TemplateName", "A template name is written in lower-case letters, digits and underscores, as approved in WhatsApp Manager (e.g. order_update).");
            }

            if (string.IsNullOrWhiteSpace(draft.Language))
            {
                check.Error("Language", "Choose the template's language (e.g. en or en_US).");
            }
            else if (!WhatsAppLanguage().IsMatch(draft.Language.Trim()))
            {
                check.Error("Language", $"'{draft.Language.Trim()}' is not a WhatsApp language code; use one such as en, en_US or pt_BR.");
            }

            for (var i = 0; i < variables.Count; i++)
            {
                var field = $"Variables[{i}]";
                if (string.IsNullOrWhiteSpace(variables[i]))
                {
                    check.Error(field, $"Parameter {{{{{i + 1}}}}} is empty; WhatsApp rejects a template with an empty parameter.");
                }
                else
                {
                    check.Liquid(field, variables[i]);
                }
            }

            if (hasFreeText)
            {
                check.Warning("FreeText", "The free-form text is not sent: a template is chosen.");
            }
        }
        else if (variables.Count > 0)
        {
            check.Warning("Variables", "Parameters are used only with a template.");
        }

        if (hasFreeText)
        {
            check.Liquid("FreeText", draft.FreeText);
            if (draft.FreeText!.Length > MaxWhatsAppTextLength)
            {
                check.Error("FreeText", $"A WhatsApp message has at most {MaxWhatsAppTextLength:N0} characters; this one has {draft.FreeText.Length:N0}.");
            }

            if (!hasTemplate)
            {
                check.Warning("FreeText", "Free-form messages reach only contacts who wrote to you in the last 24 hours; use an approved template to reach everyone else.");
            }
        }

        return check.Result();
    }

    /// <summary>Checks a push notification against the personalisation <paramref name="fields"/> push offers.</summary>
    public ContentCheckResult CheckPush(PushContentDraft draft, PersonalizationFields fields)
    {
        ArgumentNullException.ThrowIfNull(draft);
        ArgumentNullException.ThrowIfNull(fields);
        var check = new Check(Channel.Push, fields);
        var hasTitle = !string.IsNullOrWhiteSpace(draft.Title);
        var hasBody = !string.IsNullOrWhiteSpace(draft.Body);
        if (!hasTitle && !hasBody)
        {
            check.Error("Title", "Add a title or a message.");
        }

        if (hasTitle && check.Liquid("Title", draft.Title) && Sample(draft.Title!, fields).Text.Length > options.PushTitleWarningLength)
        {
            check.Warning("Title", $"Titles longer than {options.PushTitleWarningLength} characters are cut off on most lock screens.");
        }

        if (hasBody && check.Liquid("Body", draft.Body) && Sample(draft.Body!, fields).Text.Length > options.PushBodyWarningLength)
        {
            check.Warning("Body", $"Messages longer than {options.PushBodyWarningLength} characters are cut off on most lock screens.");
        }

        if (!string.IsNullOrWhiteSpace(draft.ImageUrl) && check.Liquid("ImageUrl", draft.ImageUrl)
            && !(Uri.TryCreate(Sample(draft.ImageUrl, fields).Text.Trim(), UriKind.Absolute, out var image) && image.Scheme == Uri.UriSchemeHttps && image.Host.Length > 0))
        {
            check.Error("ImageUrl", "The image must be a full https:// link (push services do not load http or relative images).");
        }

        if (!string.IsNullOrWhiteSpace(draft.DeepLink) && check.Liquid("DeepLink", draft.DeepLink) && !IsDeepLink(Sample(draft.DeepLink, fields).Text.Trim()))
        {
            check.Error("DeepLink", "The deep link must be a full link such as myapp://offers/42 or https://example.com/offers/42.");
        }

        var data = draft.Data ?? new Dictionary<string, string>();
        foreach (var (key, value) in data)
        {
            var field = $"Data[{key}]";
            if (string.IsNullOrWhiteSpace(key))
            {
                check.Error("Data", "Every data entry needs a key.");
            }
            else if (ReservedPushDataKeys.Contains(key) || key.StartsWith("google.", StringComparison.OrdinalIgnoreCase) || key.StartsWith("gcm.", StringComparison.OrdinalIgnoreCase))
            {
                check.Error(field, $"'{key}' is reserved by the push service; choose another key.");
            }

            check.Liquid(field, value);
        }

        var payloadBytes = Encoding.UTF8.GetByteCount(draft.Title ?? string.Empty) + Encoding.UTF8.GetByteCount(draft.Body ?? string.Empty)
            + data.Sum(d => Encoding.UTF8.GetByteCount(d.Key) + Encoding.UTF8.GetByteCount(d.Value ?? string.Empty));
        if (payloadBytes > MaxPushPayloadBytes)
        {
            check.Error(data.Count > 0 ? "Data" : "Body", $"The notification carries {payloadBytes:N0} bytes; push services accept about {MaxPushPayloadBytes:N0}.");
        }

        return check.Result();
    }

    /// <summary>A valid single address (<c>name@example.com</c>), without display name or Liquid.</summary>
    public static bool IsEmailAddress(string? value)
    {
        var trimmed = value?.Trim();
        if (string.IsNullOrEmpty(trimmed) || trimmed.Length > 254 || trimmed.Contains('{') || trimmed.Any(char.IsWhiteSpace))
        {
            return false;
        }

        return MailAddress.TryCreate(trimmed, out var address)
            && address.Address == trimmed
            && string.IsNullOrEmpty(address.DisplayName)
            && address.Host.Contains('.')
            && !address.Host.StartsWith('.')
            && !address.Host.EndsWith('.');
    }

    private static bool IsDeepLink(string link) =>
        Uri.TryCreate(link, UriKind.Absolute, out var uri)
        && uri.Scheme is not ("javascript" or "data" or "file" or "vbscript" or "about" or "blob")
        && (uri.Scheme is not ("http" or "https") || uri.Host.Length > 0);

    /// <summary>The text rendered with sample values when it uses Liquid (the text itself when it cannot be rendered).</summary>
    private (string Text, bool Personalised) Sample(string text, PersonalizationFields fields)
    {
        if (!text.Contains("{{", StringComparison.Ordinal) && !text.Contains("{%", StringComparison.Ordinal))
        {
            return (text, false);
        }

        try
        {
            return (renderer.Render(text, PersonalizationSample.For(fields), LiquidOutputMode.Text), true);
        }
        catch (Exception e) when (e is LiquidTemplateException or LiquidRenderException)
        {
            return (text, false);
        }
    }

    [GeneratedRegex("^[a-z0-9_]{1,512}$")]
    private static partial Regex WhatsAppTemplateName();

    [GeneratedRegex("^[a-z]{2,3}(_[A-Z]{2,4})?$")]
    private static partial Regex WhatsAppLanguage();

    private sealed class Check(Channel channel, PersonalizationFields fields)
    {
        private readonly List<ContentProblem> problems = [];

        public void Error(string field, string message) => problems.Add(new ContentProblem(ContentSeverity.Error, channel, field, message));

        public void Warning(string field, string message) => problems.Add(new ContentProblem(ContentSeverity.Warning, channel, field, message));

        /// <summary>Reports the Liquid problems of one field as errors; true when there are none.</summary>
        public bool Liquid(string field, string? template)
        {
            if (string.IsNullOrEmpty(template))
            {
                return true;
            }

            var found = LiquidTemplateValidator.Validate(template, fields);
            foreach (var problem in found)
            {
                problems.Add(new ContentProblem(ContentSeverity.Error, channel, field, problem.Message, problem.Line, problem.Column, InPersonalization: true));
            }

            return found.Count == 0;
        }

        public ContentCheckResult Result() => problems.Count == 0 ? ContentCheckResult.None : new ContentCheckResult(problems);
    }
}
