namespace CampaignStudio.Features.Audience.Segments;

/// <summary>One occurrence an event condition looks at: an event (its value) or one of its measures (the property's value).</summary>
internal sealed class EventRow
{
    public long ContactId { get; init; }

    public DateTime OccurredUtc { get; init; }

    public double? Value { get; init; }
}
