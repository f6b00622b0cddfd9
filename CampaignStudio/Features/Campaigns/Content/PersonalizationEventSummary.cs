namespace CampaignStudio.Features.Campaigns.Content;

/// <summary>
/// One event's aggregates for a contact: how many times it happened, the sum of its values (events without a value
/// add nothing) and when it last happened (UTC).
/// </summary>
public sealed record PersonalizationEventSummary(int Count, decimal Total, DateTime? Last);
