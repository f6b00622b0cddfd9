using CampaignStudio.Data;
using CampaignStudio.Features.Audience.Segments;
using CampaignStudio.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using static CampaignStudio.Tests.Features.Audience.Segments.Rules;

namespace CampaignStudio.Tests.Features.Audience.Segments;

/// <summary>Relative windows are computed from the app's clock: move it and the same rules select other contacts.</summary>
public abstract class SegmentClockTests(DatabaseKind kind)
{
    public sealed class OnSqlite() : SegmentClockTests(DatabaseKind.Sqlite);

    public sealed class OnMySql() : SegmentClockTests(DatabaseKind.MySql);

    [Fact]
    public async Task LastNinetyDays_FollowsTheClock()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(SegmentWorld.Now));
        await using var app = await SegmentWorld.StartAppAsync(kind, clock);
        await using (var seed = app.Services.CreateAsyncScope())
        {
            var db = seed.ServiceProvider.GetRequiredService<AppDbContext>();
            var recent = SegmentWorld.Person("Recent", null, null, "IN", null, null, null, null, null, SegmentWorld.Now.AddDays(-365));
            var older = SegmentWorld.Person("Older", null, null, "IN", null, null, null, null, null, SegmentWorld.Now.AddDays(-365));
            var never = SegmentWorld.Person("Never", null, null, "IN", null, null, null, null, null, SegmentWorld.Now.AddDays(-365));
            db.Contacts.AddRange(recent, older, never);
            await db.SaveChangesAsync();
            SegmentWorld.Lifting(db, recent, SegmentWorld.Now.AddDays(-89), 70m);
            SegmentWorld.Lifting(db, older, SegmentWorld.Now.AddDays(-91), 70m);
            SegmentWorld.Purchase(db, recent, SegmentWorld.Now.AddDays(-59), 10m);
            await db.SaveChangesAsync();
        }

        var liftedInLast90 = Where(CountInLastDays("lifting", 90, RuleOperator.Gte, 1));
        var liftedMoreThan50 = Where(SumInLastDays("lifting", "mt", 90, RuleOperator.Gt, 50));
        var noPurchaseIn60 = Where(CountInLastDays("purchase", 60, RuleOperator.Eq, 0));
        var createdInLastYear = Where(Json("""{"type":"field","field":"createdAt","operator":"inLast","amount":12,"unit":"months"}"""));

        Assert.Equal("Recent", await NamesAsync(app, liftedInLast90));
        Assert.Equal("Recent", await NamesAsync(app, liftedMoreThan50));
        Assert.Equal("Never,Older", await NamesAsync(app, noPurchaseIn60));
        Assert.Equal("Never,Older,Recent", await NamesAsync(app, createdInLastYear));

        clock.Advance(TimeSpan.FromDays(2));

        Assert.Equal("", await NamesAsync(app, liftedInLast90));
        Assert.Equal("", await NamesAsync(app, liftedMoreThan50));
        Assert.Equal("Never,Older,Recent", await NamesAsync(app, noPurchaseIn60));
        Assert.Equal("", await NamesAsync(app, createdInLastYear));
    }

    private static async Task<string> NamesAsync(TestApp app, SegmentDefinition definition)
    {
        await using var scope = await app.ScopeForUserAsync(SegmentWorld.ManagerEmail);
        var sample = await scope.ServiceProvider.GetRequiredService<SegmentService>().SampleAsync(definition);
        return string.Join(",", sample.Select(c => c.FirstName).Order(StringComparer.Ordinal));
    }
}
