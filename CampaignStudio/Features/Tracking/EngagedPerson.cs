namespace CampaignStudio.Features.Tracking;

/// <summary>One person who opened, clicked or converted on a campaign's message, and what else they did with it.</summary>
public sealed record EngagedPerson(
    long ContactId,
    string Name,
    string? Email,
    CampaignStudio.Features.Shared.Channel Channel,
    DateTime? FirstOpenUtc,
    DateTime? FirstClickUtc,
    DateTime? ConvertedUtc,
    int Opens,
    int Clicks,
    int Conversions,
    decimal ConversionValue);
