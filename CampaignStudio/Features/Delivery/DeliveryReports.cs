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

        var before = row.Status;
        var now = clock.GetUtcNow().UtcDateTime;
        if (!row.ApplyProviderReport(reported, error, now))
        {
            return false;
        }

        try
        {
            // The campaign's kept ledger totals (a finished campaign's) move along in the same transaction.
            var strategy = db.Database.CreateExecutionStrategy();
            await strategy.ExecuteAsync(async () =>
            {
                await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
                await CampaignLedgerTotals.MoveAsync(db, row.CampaignId, row.Channel, before, row.Status, now, cancellationToken);
                await db.SaveChangesAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
            });
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
