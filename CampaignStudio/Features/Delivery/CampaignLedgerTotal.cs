using CampaignStudio.Features.Shared;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CampaignStudio.Features.Delivery;

/// <summary>
/// How many of a finished campaign's messages on one channel are in one status, counted once from the ledger when the
/// campaign was done with (no message pending or in flight), so that the figures of thousands of campaigns read a few
/// rows each instead of every message. Providers' later reports (delivered, undelivered) move one message from status
/// to status here too, in the same transaction as in the ledger. See <see cref="CampaignLedgerTotals"/>.
/// </summary>
public sealed class CampaignLedgerTotal
{
    public CampaignLedgerTotal(int campaignId, Channel channel, DeliveryStatus status, long count, DateTime takenUtc)
    {
        CampaignId = campaignId;
        Channel = channel;
        Status = status;
        Count = count;
        TakenUtc = takenUtc;
    }

    private CampaignLedgerTotal()
    {
    }

    public int CampaignId { get; private set; }

    public Channel Channel { get; private set; }

    public DeliveryStatus Status { get; private set; }

    public long Count { get; private set; }

    /// <summary>When the ledger was counted.</summary>
    public DateTime TakenUtc { get; private set; }

    internal sealed class Configuration : IEntityTypeConfiguration<CampaignLedgerTotal>
    {
        public void Configure(EntityTypeBuilder<CampaignLedgerTotal> builder)
        {
            builder.ToTable("CampaignLedgerTotals");
            builder.HasKey(t => new { t.CampaignId, t.Channel, t.Status });
        }
    }
}
