using System.Globalization;
using CampaignStudio.Data;
using CampaignStudio.Features.Identity;
using CampaignStudio.Features.Shared;
using Microsoft.EntityFrameworkCore;

namespace CampaignStudio.Features.Outbox;

/// <summary>The Outbox: messages rendered but not sent. Everyone who reads may look; campaign managers clear it.</summary>
public sealed class OutboxService(IDbContextFactory<AppDbContext> contexts, CurrentUser currentUser)
{
    public const int MaxPageSize = 200;

    /// <summary>Newest first, a page at a time (page from 0), optionally one campaign's only.</summary>
    public async Task<OutboxPage> ListAsync(int page, int pageSize, int? campaignId = null, CancellationToken cancellationToken = default)
    {
        await currentUser.RequireAsync(Policies.Read);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var messages = db.OutboxMessages.AsNoTracking();
        if (campaignId is { } id)
        {
            messages = messages.Where(m => m.CampaignId == id);
        }

        var total = await messages.CountAsync(cancellationToken);
        var size = Math.Clamp(pageSize, 1, MaxPageSize);
        var rows = await messages.OrderByDescending(m => m.CreatedUtc).ThenByDescending(m => m.Id)
            .Skip(Math.Max(0, page) * size).Take(size)
            .Select(m => new { m.Id, m.CampaignId, m.Channel, m.Recipient, m.Subject, m.IsTest, m.CreatedByName, m.CreatedUtc, m.Status })
            .ToListAsync(cancellationToken);
        var campaignIds = rows.Select(r => r.CampaignId).OfType<int>().Distinct().ToList();
        var names = campaignIds.Count == 0
            ? []
            : await db.Campaigns.AsNoTracking().Where(c => campaignIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.Name, cancellationToken);
        return new OutboxPage(
            [.. rows.Select(r => new OutboxRow(r.Id, r.CampaignId, r.CampaignId is { } c ? names.GetValueOrDefault(c) : null, r.Channel, r.Recipient, r.Subject, r.IsTest, r.CreatedByName, r.CreatedUtc, r.Status))],
            total);
    }

    public async Task<OutboxMessageDetails> GetAsync(long id, CancellationToken cancellationToken = default)
    {
        await currentUser.RequireAsync(Policies.Read);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var m = await db.OutboxMessages.AsNoTracking().FirstOrDefaultAsync(m => m.Id == id, cancellationToken)
            ?? throw new NotFoundException($"There is no outbox message {id.ToString(CultureInfo.InvariantCulture)} (any more).");
        var campaignName = m.CampaignId is { } campaignId
            ? await db.Campaigns.AsNoTracking().Where(c => c.Id == campaignId).Select(c => c.Name).FirstOrDefaultAsync(cancellationToken)
            : null;
        return new OutboxMessageDetails(m.Id, m.CampaignId, campaignName, m.Channel, m.Recipient, m.Subject, m.HtmlBody, m.TextBody, m.IsTest, m.CreatedByName, m.CreatedUtc, m.Status);
    }

    /// <summary>Deletes every message in the Outbox; returns how many.</summary>
    public async Task<int> ClearAsync(CancellationToken cancellationToken = default)
    {
        await currentUser.RequireAsync(Policies.ManageCampaigns);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.OutboxMessages.ExecuteDeleteAsync(cancellationToken);
    }
}

public sealed record OutboxPage(IReadOnlyList<OutboxRow> Rows, int Total);

public sealed record OutboxRow(long Id, int? CampaignId, string? CampaignName, Channel Channel, string Recipient, string? Subject, bool IsTest, string CreatedByName, DateTime CreatedUtc, string Status);

public sealed record OutboxMessageDetails(long Id, int? CampaignId, string? CampaignName, Channel Channel, string Recipient, string? Subject, string? HtmlBody, string? TextBody, bool IsTest, string CreatedByName, DateTime CreatedUtc, string Status);
