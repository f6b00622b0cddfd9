namespace CampaignStudio.Features.Delivery;

/// <summary>
/// Where providers' later reports land (Twilio status callbacks, bounces): the row found by the provider's message id
/// moves to delivered, undelivered or failed. Unknown ids are ignored and said so.
/// </summary>
public interface IDeliveryReports
{
    /// <returns>True when a row was found and moved; false when the id is unknown or the report is older than the row's state.</returns>
    Task<bool> RecordAsync(string provider, string providerMessageId, DeliveryStatus reported, string? error, CancellationToken cancellationToken);
}
