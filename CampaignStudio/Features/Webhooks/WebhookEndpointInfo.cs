namespace CampaignStudio.Features.Webhooks;

/// <summary>An endpoint as the settings page shows it, with how its deliveries stand.</summary>
public sealed record WebhookEndpointInfo(
    int Id,
    string Name,
    string Url,
    string Secret,
    IReadOnlyList<string> EventTypes,
    bool IsActive,
    DateTime? FailingSinceUtc,
    string? FailingReason,
    DateTime? LastSuccessUtc,
    int Pending,
    int Delivered,
    int GaveUp)
{
    public bool IsFailing => FailingSinceUtc is not null;
}
