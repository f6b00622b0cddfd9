using System.Text.Json;

namespace CampaignStudio.Features.Delivery.Channels.Push;

/// <summary>
/// Firebase Cloud Messaging (HTTP v1), bound from <c>Channels:Fcm</c> and checked at start-up by
/// <see cref="FcmOptionsValidator"/>. Leave the section empty and push goes to the Outbox. The service account key
/// (the JSON file from Firebase console → Project settings → Service accounts) is a secret: give its path, or its
/// content through user-secrets or the environment variable <c>Channels__Fcm__ServiceAccountJson</c>.
/// </summary>
public sealed class FcmOptions
{
    public const string SectionName = "Channels:Fcm";

    /// <summary>The Firebase project id; defaults to the service account key's <c>project_id</c>.</summary>
    public string? ProjectId { get; set; }

    /// <summary>The service account key itself, as JSON.</summary>
    public string? ServiceAccountJson { get; set; }

    /// <summary>Where the service account key file is (instead of <see cref="ServiceAccountJson"/>).</summary>
    public string? ServiceAccountPath { get; set; }

    /// <summary>Where the API is: Google's, or a stand-in in tests. The token endpoint is the key's <c>token_uri</c>.</summary>
    public string BaseUrl { get; set; } = "https://fcm.googleapis.com";

    /// <summary>How long one send (or obtaining an access token) may take before it counts as a transient failure.</summary>
    public int TimeoutSeconds { get; set; } = 15;

    /// <summary>How many requests one batch has open at once (one request per device token).</summary>
    public int MaxConcurrentRequests { get; set; } = 16;

    /// <summary>True when any setting is given: then the whole section is validated, rather than silently falling back to the Outbox.</summary>
    public bool IsConfigured =>
        !string.IsNullOrWhiteSpace(ProjectId) || !string.IsNullOrWhiteSpace(ServiceAccountJson) || !string.IsNullOrWhiteSpace(ServiceAccountPath);

    public TimeSpan Timeout => TimeSpan.FromSeconds(TimeoutSeconds);

    /// <summary>The service account key's JSON, from <see cref="ServiceAccountJson"/> or the file at <see cref="ServiceAccountPath"/>.</summary>
    public string ReadServiceAccountJson() =>
        !string.IsNullOrWhiteSpace(ServiceAccountJson) ? ServiceAccountJson
        : !string.IsNullOrWhiteSpace(ServiceAccountPath) ? File.ReadAllText(ServiceAccountPath)
        : throw new InvalidOperationException($"{SectionName} has no service account key: set ServiceAccountJson or ServiceAccountPath.");

    /// <summary><see cref="ProjectId"/>, or the key's <c>project_id</c>.</summary>
    public string? ResolveProjectId()
    {
        if (!string.IsNullOrWhiteSpace(ProjectId))
        {
            return ProjectId.Trim();
        }

        try
        {
            using var key = JsonDocument.Parse(ReadServiceAccountJson());
            return key.RootElement.ValueKind == JsonValueKind.Object && key.RootElement.TryGetProperty("project_id", out var id) && id.ValueKind == JsonValueKind.String
                ? id.GetString()
                : null;
        }
        catch (Exception ex) when (ex is JsonException or IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            return null;
        }
    }
}
