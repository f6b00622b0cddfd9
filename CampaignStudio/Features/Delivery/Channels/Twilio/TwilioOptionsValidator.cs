using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace CampaignStudio.Features.Delivery.Channels.Twilio;

/// <summary>
/// Checks <c>Channels:Twilio</c> at start-up, each problem in words that name the setting to fix. An empty section is
/// valid (SMS and WhatsApp go to the Outbox); a partly filled one is not.
/// </summary>
public sealed partial class TwilioOptionsValidator : IValidateOptions<TwilioOptions>
{
    private const string Section = TwilioOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, TwilioOptions options)
    {
        if (!options.IsConfigured)
        {
            return ValidateOptionsResult.Success;
        }

        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(options.AccountSid))
        {
            errors.Add($"{Section}:AccountSid is required: the Account SID from the Twilio console (AC followed by 32 hex digits).");
        }
        else if (!AccountSidPattern().IsMatch(options.AccountSid))
        {
            errors.Add($"{Section}:AccountSid '{options.AccountSid}' is not an Account SID: it is AC followed by 32 hex digits.");
        }

        if (string.IsNullOrWhiteSpace(options.AuthToken))
        {
            errors.Add($"{Section}:AuthToken is required: the account's Auth Token (keep it in user-secrets or the environment variable Channels__Twilio__AuthToken).");
        }

        if (string.IsNullOrWhiteSpace(options.FromNumber) && string.IsNullOrWhiteSpace(options.MessagingServiceSid) && string.IsNullOrWhiteSpace(options.WhatsAppFrom))
        {
            errors.Add($"{Section} sends nothing: set FromNumber or MessagingServiceSid for SMS, and WhatsAppFrom for WhatsApp.");
        }

        CheckE164(options.FromNumber, "FromNumber", errors);
        CheckE164(options.WhatsAppFrom, "WhatsAppFrom", errors);
        if (!string.IsNullOrWhiteSpace(options.MessagingServiceSid) && !MessagingServiceSidPattern().IsMatch(options.MessagingServiceSid))
        {
            errors.Add($"{Section}:MessagingServiceSid '{options.MessagingServiceSid}' is not a Messaging Service SID: it is MG followed by 32 hex digits.");
        }

        CheckUrl(options.BaseUrl, "BaseUrl", required: true, errors);
        CheckUrl(options.PublicBaseUrl, "PublicBaseUrl", required: false, errors);
        if (options.TimeoutSeconds is < 1 or > 300)
        {
            errors.Add($"{Section}:TimeoutSeconds must be between 1 and 300 (it is {options.TimeoutSeconds}).");
        }

        if (options.MaxConcurrentRequests is < 1 or > 256)
        {
            errors.Add($"{Section}:MaxConcurrentRequests must be between 1 and 256 (it is {options.MaxConcurrentRequests}).");
        }

        foreach (var (template, languages) in options.WhatsAppTemplates)
        {
            foreach (var (language, sid) in languages)
            {
                if (string.IsNullOrWhiteSpace(sid) || !ContentSidPattern().IsMatch(sid.Trim()))
                {
                    errors.Add($"{TwilioOptions.TemplateKey(template, language)} '{sid}' is not a Content SID: it is HX followed by 32 hex digits, as shown for the approved template in the Twilio console.");
                }
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void CheckE164(string? number, string setting, List<string> errors)
    {
        if (!string.IsNullOrWhiteSpace(number) && !E164Pattern().IsMatch(number))
        {
            errors.Add($"{Section}:{setting} '{number}' is not an E.164 number: write it as + and country code and number without spaces, e.g. +14155550100.");
        }
    }

    private static void CheckUrl(string? value, string setting, bool required, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            if (required)
            {
                errors.Add($"{Section}:{setting} is required.");
            }

            return;
        }

        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp) || !string.IsNullOrEmpty(uri.Query))
        {
            errors.Add($"{Section}:{setting} '{value}' must be an absolute http(s) address without a query, e.g. https://crm.example.com.");
        }
    }

    [GeneratedRegex("^AC[0-9a-fA-F]{32}$")]
    private static partial Regex AccountSidPattern();

    [GeneratedRegex("^MG[0-9a-fA-F]{32}$")]
    private static partial Regex MessagingServiceSidPattern();

    [GeneratedRegex("^HX[0-9a-fA-F]{32}$")]
    private static partial Regex ContentSidPattern();

    [GeneratedRegex(@"^\+[1-9][0-9]{6,14}$")]
    private static partial Regex E164Pattern();
}
