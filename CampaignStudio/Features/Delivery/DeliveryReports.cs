using CampaignStudio.Data;
using Microsoft.EntityFrameworkCore;

namespace CampaignStudio.Features.Delivery;

/// <summary>Moves ledger rows on providers' later reports, found by the provider's message id.</summary>
public sealed partial class DeliveryReports(IDbContextFactory<AppDbContext> contexts, IDeliveryProgress progress, TimeProvider clock, ILogger<DeliveryReports> logger) : IDeliveryReports
{
    public async Task<bool> RecordAsync(string provider, string providerMessageId, DeliveryStatus reported, string? error, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var row = await db.Deliveries.FirstOrDefaultAsync(d => d.ProviderMessageId == providerMessageId && d.Provider == provider, cancellationToken);
        if (row is null)
        {
            LogUnknown(provider, providerMessageId, reported);
            return false;
        }

        if (!row.ApplyProviderReport(reported, error, clock.GetUtcNow().UtcDateTime))
        {
            return false;
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            // A worker changed the row meanwhile (a retry claimed it): its own result stands.
            return false;
        }

        progress.Changed(row.CampaignId);
        return true;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Provider} reported {Status} for message {ProviderMessageId}, which is not in the ledger.")]
    private partial void LogUnknown(string provider, string providerMessageId, DeliveryStatus status);
}
