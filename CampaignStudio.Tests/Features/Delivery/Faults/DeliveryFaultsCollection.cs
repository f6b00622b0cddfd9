namespace CampaignStudio.Tests.Features.Delivery.Faults;

/// <summary>
/// The fault tests run one at a time: they run app processes at high send rates and measure what a stand-in received,
/// so two of them side by side would only slow each other down.
/// </summary>
[CollectionDefinition(Name)]
public sealed class DeliveryFaultsCollection
{
    public const string Name = "Delivery faults";
}
