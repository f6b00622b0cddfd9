using CampaignStudio.Data;
using CampaignStudio.Features.Campaigns;
using CampaignStudio.Features.Identity;
using CampaignStudio.Features.Shared;
using CampaignStudio.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using static CampaignStudio.Tests.Features.Campaigns.CampaignWorld;

namespace CampaignStudio.Tests.Features.Campaigns;

/// <summary>Two saves of the same revision: the database lets only one win.</summary>
public abstract class CampaignConcurrencyTests(DatabaseKind kind)
{
    public sealed class OnSqlite() : CampaignConcurrencyTests(DatabaseKind.Sqlite);

    public sealed class OnMySql() : CampaignConcurrencyTests(DatabaseKind.MySql);

    [Fact]
    public async Task TwoContexts_LoadTheSameRevisionAndBothSave_SecondFailsAndTheDatabaseKeepsTheFirst()
    {
        await using var app = await StartAsync(kind, Clock());
        var world = await SeedAsync(app);
        var draft = await ReadyDraftAsync(app, world);
        var factory = app.Services.GetRequiredService<IDbContextFactory<AppDbContext>>();
        await using var first = await factory.CreateDbContextAsync();
        await using var second = await factory.CreateDbContextAsync();
        var mine = await first.Campaigns.Include(c => c.Segments).SingleAsync(c => c.Id == draft.Id);
        var theirs = await second.Campaigns.Include(c => c.Segments).SingleAsync(c => c.Id == draft.Id);

        mine.UpdateBasics(new CampaignBasics("Diwali offer (first)"), mine.Revision, Campaigns.Rohan, Campaigns.Now);
        theirs.UpdateBasics(new CampaignBasics("Diwali offer (second)"), theirs.Revision, Campaigns.Lena, Campaigns.Now);
        await first.SaveChangesAsync();

        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => second.SaveChangesAsync());
        await using var check = await factory.CreateDbContextAsync();
        var stored = await check.Campaigns.AsNoTracking().SingleAsync(c => c.Id == draft.Id);
        Assert.Equal(("Diwali offer (first)", draft.Revision + 1, "Rohan Mehta"), (stored.Name, stored.Revision, stored.UpdatedByName));
        Assert.Equal(1, await check.CampaignChanges.CountAsync(c => c.CampaignId == draft.Id && c.Action == CampaignChangeAction.BasicsChanged));
    }

    [Fact]
    public async Task ServiceSave_RacingAnotherSaveBetweenReadAndWrite_IsAConflictAndKeepsTheOtherSave()
    {
        var race = new RacingSave();
        await using var app = await StartAsync(kind, Clock(), s => Intercept(s, kind, race));
        var world = await SeedAsync(app);
        var draft = await ReadyDraftAsync(app, world);
        race.Competitor = async () =>
        {
            // Another person's save lands after the service read revision N and before it writes.
            await using var other = await app.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
            var campaign = await other.Campaigns.Include(c => c.Segments).SingleAsync(c => c.Id == draft.Id);
            campaign.UpdateContent(CampaignChannels.Sms, Campaigns.Sms("Lena's text"), campaign.Revision, new Actor("lena", "Lena Fischer"), Campaigns.Now);
            await other.SaveChangesAsync();
        };

        var conflict = await Assert.ThrowsAsync<ConflictException>(() => AsManagerAsync(app, s => s.SaveContentAsync(draft.Id, SmsContent("Max's text"), draft.Revision, 2)));

        Assert.StartsWith("The campaign 'Diwali offer' was changed by Lena Fischer at 2026-06-01 12:00 UTC after you opened it", conflict.Message);
        var read = await AsManagerAsync(app, s => s.GetAsync(draft.Id));
        Assert.Equal("Lena's text", read.Content.Sms?.Text);
        Assert.Equal(draft.Revision + 1, read.Revision);
        Assert.Equal([2, 1], (await AsManagerAsync(app, s => s.GetContentVersionsAsync(draft.Id))).Select(v => v.Version));
    }

    /// <summary>Runs <see cref="Competitor"/> once, just before the first save that changes a campaign.</summary>
    private sealed class RacingSave : SaveChangesInterceptor
    {
        private int ran;

        public Func<Task>? Competitor { get; set; }

        public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            if (Competitor is not null
                && eventData.Context!.ChangeTracker.Entries<Campaign>().Any(e => e.State == EntityState.Modified)
                && Interlocked.Exchange(ref ran, 1) == 0)
            {
                await Competitor();
            }

            return result;
        }
    }
}
