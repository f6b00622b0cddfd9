using CampaignStudio.Features.Audience.Segments;
using CampaignStudio.Features.Campaigns;
using CampaignStudio.Features.Shared;
using CampaignStudio.Features.Tracking;
using CampaignStudio.Tests.Features.Campaigns;
using CampaignStudio.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using static CampaignStudio.Tests.Features.Campaigns.CampaignWorld;
using static CampaignStudio.Tests.Features.Scheduling.CalendarWorld;

namespace CampaignStudio.Tests.Features.Audience.Segments;

/// <summary>
/// Engagement conditions as the rule builder saves them: the campaigns it offers, the campaign and link a rule names
/// checked when it is saved or counted, and the rule read back unchanged and edited.
/// </summary>
public abstract class EngagementRuleTests(DatabaseKind kind)
{
    public sealed class OnSqlite() : EngagementRuleTests(DatabaseKind.Sqlite);

    public sealed class OnMySql() : EngagementRuleTests(DatabaseKind.MySql);

    /// <summary>Monsoon (sent 2 June) with two tracked links, Diwali (sent 3 June), and a scheduled draft never sent.</summary>
    private static async Task<(TestApp App, int Monsoon, int Diwali, int Unsent)> StartAsync(DatabaseKind kind)
    {
        var app = await CampaignWorld.StartAsync(kind, Clock());
        var world = await SeedAsync(app);
        var monsoon = await PlanAsync(app, "Monsoon reminder", world.Dealers, At("2026-06-02", "09:30"));
        var diwali = await PlanAsync(app, "Diwali offer", world.Dealers, At("2026-06-03", "09:30"));
        var unsent = await PlanAsync(app, "Monsoon follow-up", world.Dealers, At("2026-06-09", "09:30"));
        await SendAsync(app, monsoon.Id, new DateTime(2026, 6, 2, 4, 0, 0, DateTimeKind.Utc));
        await SendAsync(app, diwali.Id, new DateTime(2026, 6, 3, 4, 0, 0, DateTimeKind.Utc));
        await app.Services.GetRequiredService<CampaignLinkStore>().SaveAsync(
            monsoon.Id, [new TrackedLink(0, "https://shop.example/sale", false), new TrackedLink(1, "https://shop.example/monsoon", false)], CancellationToken.None);
        return (app, monsoon.Id, diwali.Id, unsent.Id);
    }

    private static Task<T> AsAnalystAsync<T>(TestApp app, Func<SegmentService, Task<T>> act) => AsAsync(app, AnalystEmail, act);

    private static Task<T> AsManagerAsync<T>(TestApp app, Func<SegmentService, Task<T>> act) => AsAsync(app, ManagerEmail, act);

    [Fact]
    public async Task SentCampaignsAsync_OffersStartedCampaignsNewestFirst_SearchedByName_AndTheirLinks()
    {
        var (app, monsoon, diwali, unsent) = await StartAsync(kind);
        await using var _ = app;

        var all = await AsAnalystAsync(app, s => s.SentCampaignsAsync(null));
        var found = await AsAnalystAsync(app, s => s.SentCampaignsAsync("  monsoon "));
        var links = await AsAnalystAsync(app, s => s.CampaignLinksAsync(monsoon));
        var named = await AsAnalystAsync(app, s => s.CampaignChoiceAsync(unsent));

        Assert.Equal([(diwali, "Diwali offer"), (monsoon, "Monsoon reminder")], all.Select(c => (c.Id, c.Name)));
        Assert.Equal(new DateTime(2026, 6, 3, 4, 0, 0, DateTimeKind.Utc), all[0].SentUtc);
        Assert.Equal([monsoon], found.Select(c => c.Id));
        Assert.Equal([new CampaignLinkChoice(0, "https://shop.example/sale"), new CampaignLinkChoice(1, "https://shop.example/monsoon")], links);
        Assert.Equal(("Monsoon follow-up", (DateTime?)null), (named!.Name, named.SentUtc));
        Assert.Null(await AsAnalystAsync(app, s => s.CampaignChoiceAsync(unsent + 100)));
    }

    [Fact]
    public async Task Segment_WithEngagementConditions_IsSavedReadBackUnchangedAndEdited()
    {
        var (app, monsoon, diwali, _) = await StartAsync(kind);
        await using var _ = app;
        var rules = Rules.All(
            new EngagementCondition { Kind = EngagementKind.Clicked, CampaignId = monsoon, LinkIndex = 1, Window = new EventWindow { From = new DateOnly(2026, 6, 1), To = new DateOnly(2026, 6, 30) } },
            new EngagementCondition { Kind = EngagementKind.Opened, Negate = true, CampaignId = diwali, Window = new EventWindow { InLast = new RelativePeriod { Amount = 2, Unit = PeriodUnit.Weeks } } },
            new EngagementCondition { Kind = EngagementKind.Received });

        var created = await AsManagerAsync(app, s => s.CreateAsync("Engaged in June", null, rules));
        var read = await AsAnalystAsync(app, s => s.GetAsync(created.Id));
        var readJson = SegmentJson.Serialize(read.Definition);
        var changed = read.Definition;
        var click = Assert.IsType<EngagementCondition>(changed.Root.Rules[0]);
        (click.Kind, click.Negate, click.LinkIndex) = (EngagementKind.Converted, true, null);
        await AsManagerAsync(app, s => s.UpdateAsync(created.Id, read.Name, null, changed, read.Revision));
        var edited = await AsAnalystAsync(app, s => s.GetAsync(created.Id));

        Assert.Equal(SegmentJson.Serialize(rules), readJson);
        Assert.Equal(SegmentJson.Serialize(changed), SegmentJson.Serialize(edited.Definition));
        var converted = Assert.IsType<EngagementCondition>(edited.Definition.Root.Rules[0]);
        Assert.Equal((EngagementKind.Converted, true, (int?)monsoon, (int?)null), (converted.Kind, converted.Negate, converted.CampaignId, converted.LinkIndex));
    }

    [Fact]
    public async Task SaveOrCount_NamingAnUnknownCampaignOrLink_IsRefusedAtThatCondition()
    {
        var (app, monsoon, diwali, _) = await StartAsync(kind);
        await using var _ = app;
        var rules = Rules.All(
            Rules.Tag("dealer"),
            Rules.Or(
                new EngagementCondition { Kind = EngagementKind.Opened, CampaignId = diwali + 100 },
                new EngagementCondition { Kind = EngagementKind.Clicked, CampaignId = monsoon, LinkIndex = 7 },
                new EngagementCondition { Kind = EngagementKind.Clicked, CampaignId = diwali, LinkIndex = 0 }));

        var saving = await Assert.ThrowsAsync<ValidationFailedException>(() => AsManagerAsync(app, s => s.CreateAsync("Bad", null, rules)));
        var counting = await Assert.ThrowsAsync<ValidationFailedException>(() => AsAnalystAsync(app, s => s.CountAsync(rules)));

        Assert.Equal(
            [
                ("root.rules[1].rules[0].campaignId", $"There is no campaign #{diwali + 100}; choose another campaign, or any campaign."),
                ("root.rules[1].rules[1].linkIndex", $"Campaign #{monsoon} has no tracked link 7; choose one of its links, or any link."),
                ("root.rules[1].rules[2].linkIndex", $"Campaign #{diwali} has no tracked link 0; choose one of its links, or any link."),
            ],
            Flatten(saving));
        Assert.Equal(Flatten(saving), Flatten(counting));
        Assert.DoesNotContain("Bad", (await AsAnalystAsync(app, s => s.ListAsync())).Select(s => s.Name));
    }

    private static List<(string Path, string Message)> Flatten(ValidationFailedException failed) =>
        [.. failed.Errors.OrderBy(e => e.Key, StringComparer.Ordinal).SelectMany(e => e.Value.Select(m => (e.Key, m)))];
}
