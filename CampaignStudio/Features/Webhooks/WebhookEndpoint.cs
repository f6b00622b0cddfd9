using System.Security.Cryptography;
using CampaignStudio.Features.Shared;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CampaignStudio.Features.Webhooks;

/// <summary>
/// An admin-configured receiver of webhook events: where to POST, the secret payloads are signed with, which event
/// types it wants, whether it is active. It is marked failing when a delivery was given up after every retry, and
/// healthy again at its next success.
/// </summary>
public sealed class WebhookEndpoint
{
    public const int MaxNameLength = 100;
    public const int MaxUrlLength = 2000;
    public const int MaxSecretLength = 100;
    public const int MaxEventTypesLength = 1000;
    public const int MaxFailingReasonLength = 1000;
    public const string SecretPrefix = "whsec_";

    private WebhookEndpoint()
    {
    }

    public WebhookEndpoint(string name, string url, IEnumerable<string> eventTypes, bool isActive, DateTime nowUtc)
    {
        Secret = NewSecret();
        CreatedUtc = nowUtc;
        Change(name, url, eventTypes, isActive, nowUtc);
    }

    public int Id { get; private set; }

    public string Name { get; private set; } = "";

    public string Url { get; private set; } = "";

    /// <summary>The HMAC-SHA256 key of the signatures (<see cref="WebhookSignature"/>); shown to admins so receivers can verify.</summary>
    public string Secret { get; private set; } = "";

    /// <summary>The subscribed types, comma-separated (<see cref="WebhookEventTypes"/>).</summary>
    public string EventTypes { get; private set; } = "";

    public bool IsActive { get; private set; }

    public DateTime CreatedUtc { get; private set; }

    public DateTime UpdatedUtc { get; private set; }

    /// <summary>Since when deliveries are given up on; null while it is healthy.</summary>
    public DateTime? FailingSinceUtc { get; private set; }

    public string? FailingReason { get; private set; }

    public DateTime? LastSuccessUtc { get; private set; }

    public bool IsFailing => FailingSinceUtc is not null;

    public IReadOnlyList<string> ReadEventTypes() => EventTypes.Length == 0 ? [] : EventTypes.Split(',');

    public static string NewSecret() => SecretPrefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));

    /// <summary>Changes what can be edited; bad values come back as field errors and change nothing.</summary>
    public void Change(string name, string url, IEnumerable<string> eventTypes, bool isActive, DateTime nowUtc)
    {
        var types = eventTypes.Select(t => t.Trim()).Where(t => t.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        name = name?.Trim() ?? "";
        url = url?.Trim() ?? "";
        if (name.Length is 0 or > MaxNameLength)
        {
            errors["name"] = [$"Give the endpoint a name of 1 to {MaxNameLength} characters."];
        }

        if (CheckUrl(url) is { } urlProblem)
        {
            errors["url"] = [urlProblem];
        }

        if (types.Count == 0)
        {
            errors["eventTypes"] = ["Choose at least one event type."];
        }
        else if (types.FirstOrDefault(t => !WebhookEventTypes.IsKnown(t)) is { } unknown)
        {
            errors["eventTypes"] = [$"'{unknown}' is not an event type; choose among {string.Join(", ", WebhookEventTypes.All.Select(t => t.Type))}."];
        }

        if (errors.Count > 0)
        {
            throw new ValidationFailedException(errors);
        }

        Name = name;
        Url = url;
        EventTypes = string.Join(',', WebhookEventTypes.All.Select(t => t.Type).Where(types.Contains));
        IsActive = isActive;
        UpdatedUtc = nowUtc;
    }

    /// <summary>A new secret: receivers must switch to it (signatures with the old one stop at once).</summary>
    public void RotateSecret(DateTime nowUtc)
    {
        Secret = NewSecret();
        UpdatedUtc = nowUtc;
    }

    /// <summary>Why <paramref name="url"/> cannot receive webhooks, or null.</summary>
    public static string? CheckUrl(string url)
    {
        if (url.Length == 0)
        {
            return "Enter the address to POST events to, e.g. https://crm.example.com/hooks/campaigns.";
        }

        if (url.Length > MaxUrlLength)
        {
            return $"The address is at most {MaxUrlLength} characters.";
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            return "Enter an absolute http:// or https:// address.";
        }

        if (uri.UserInfo.Length > 0)
        {
            return "Put no user name or password in the address; receivers check the signature instead.";
        }

        return uri.Fragment.Length > 0 ? "An address with a #fragment cannot receive a POST; remove the part from #." : null;
    }

    internal sealed class Configuration : IEntityTypeConfiguration<WebhookEndpoint>
    {
        public void Configure(EntityTypeBuilder<WebhookEndpoint> builder)
        {
            builder.ToTable("WebhookEndpoints");
            builder.HasKey(e => e.Id);
            builder.Property(e => e.Name).HasMaxLength(MaxNameLength);
            builder.Property(e => e.Url).HasMaxLength(MaxUrlLength);
            builder.Property(e => e.Secret).HasMaxLength(MaxSecretLength);
            builder.Property(e => e.EventTypes).HasMaxLength(MaxEventTypesLength);
            builder.Property(e => e.FailingReason).HasMaxLength(MaxFailingReasonLength);
            builder.Ignore(e => e.IsFailing);
        }
    }
}
