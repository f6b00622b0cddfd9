using CampaignStudio.Data;
using CampaignStudio.Features.Shared;

namespace CampaignStudio.Features.Delivery.Engine;

/// <summary>Ledger rows of one campaign on one channel that this instance now owns (in flight, leased), with the context that tracks them.</summary>
public sealed class ClaimedBatch(AppDbContext db, int campaignId, Channel channel, IReadOnlyList<DeliveryRecord> rows) : IAsyncDisposable
{
    public AppDbContext Db { get; } = db;

    public int CampaignId { get; } = campaignId;

    public Channel Channel { get; } = channel;

    public IReadOnlyList<DeliveryRecord> Rows { get; } = rows;

    public ValueTask DisposeAsync() => Db.DisposeAsync();
}
