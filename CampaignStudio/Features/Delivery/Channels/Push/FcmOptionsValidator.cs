using System.Text.RegularExpressions;
using Google.Apis.Auth.OAuth2;
using Microsoft.Extensions.Options;

namespace CampaignStudio.Features.Delivery.Channels.Push;

/// <summary>
/// Checks <c>Channels:Fcm</c> at start-up, each problem in words that name the setting to fix; the service account key
/// must parse as a key with a usable private key. An empty section is valid (push goes to the Outbox).
/// </summary>
public sealed partial class FcmOptionsValidator : IValidateOptions<FcmOptions>
{
    private const string Section = FcmOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, FcmOptions options)
    {
        if (!options.IsConfigured)
        {
            return ValidateOptionsResult.Success;
        }

        var errors = new List<string>();
        var hasJson = !string.IsNullOrWhiteSpace(options.ServiceAccountJson);
        var hasPath = !string.IsNullOrWhiteSpace(options.ServiceAccountPath);
        if (hasJson && hasPath)
        {
            errors.Add($"{Section}: set ServiceAccountJson or ServiceAccountPath, not both.");
        }
        else if (!hasJson && !hasPath)
        {
            errors.Add($"{Section}:ServiceAccountJson or {Section}:ServiceAccountPath is required: the service account key from Firebase console → Project settings → Service accounts.");
        }
        else if (hasPath && !File.Exists(options.ServiceAccountPath))
        {
            errors.Add($"{Section}:ServiceAccountPath '{options.ServiceAccountPath}' does not exist.");
        }
        else if (ParseError(options) is { } error)
        {
            errors.Add($"{Section}:{(hasJson ? "ServiceAccountJson" : "ServiceAccountPath")} is not a usable service account key: {error}");
        }
        else if (options.ResolveProjectId() is not { Length: > 0 } projectId)
        {
            errors.Add($"{Section}:ProjectId is required (the service account key names no project_id).");
        }
        else if (!ProjectIdPattern().IsMatch(projectId))
        {
            errors.Add($"{Section}:ProjectId '{projectId}' is not a Firebase project id (letters, digits and hyphens, as in the Firebase console's project settings).");
        }

        if (!Uri.TryCreate(options.BaseUrl, UriKind.Absolute, out var baseUrl) || (baseUrl.Scheme != Uri.UriSchemeHttps && baseUrl.Scheme != Uri.UriSchemeHttp))
        {
            errors.Add($"{Section}:BaseUrl '{options.BaseUrl}' must be an absolute http(s) address, e.g. https://fcm.googleapis.com.");
        }

        if (options.TimeoutSeconds is < 1 or > 300)
        {
            errors.Add($"{Section}:TimeoutSeconds must be between 1 and 300 (it is {options.TimeoutSeconds}).");
        }

        if (options.MaxConcurrentRequests is < 1 or > 256)
        {
            errors.Add($"{Section}:MaxConcurrentRequests must be between 1 and 256 (it is {options.MaxConcurrentRequests}).");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static string? ParseError(FcmOptions options)
    {
        try
        {
            CredentialFactory.FromJson<ServiceAccountCredential>(options.ReadServiceAccountJson());
            return null;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Whatever the library says of the key (not JSON, not a service account, no private key, a broken PEM).
            return ex.InnerException is { } inner ? $"{ex.Message} {inner.Message}" : ex.Message;
        }
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9.:_-]{0,99}$")]
    private static partial Regex ProjectIdPattern();
}
