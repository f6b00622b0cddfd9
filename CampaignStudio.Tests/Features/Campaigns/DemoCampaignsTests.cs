using CampaignStudio.Features.Campaigns;
using CampaignStudio.Features.Demo;
using CampaignStudio.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using static CampaignStudio.Tests.Features.Campaigns.CampaignWorld;

namespace CampaignStudio.Tests.Features.Campaigns;

public abstract class DemoCampaignsTests(DatabaseKind kind)
{
    public sealed class OnSqlite() : DemoCampaignsTests(DatabaseKind.Sqlite);

    public sealed class OnMySql() : DemoCampaignsTests(DatabaseKind.MySql);

    [Fact]
    public async Task DemoSeed_AddsCampaignsInSeveralStatesWithTheirLogs()
    {
        await using var app = await TestApp.StartAsync(kind);
        await app.CreateFirstAdminAsync();
        await using (var scope = await app.ScopeForUserAsync(TestApp.AdminEmail))
        {
            var result = await scope.ServiceProvider.GetRequiredService<DemoSeeder>().SeedAsync();
            Assert.Contains(result.Lines, l => l.StartsWith("Campaigns: 4", StringComparison.Ordinal));
        }

        var page = await AsAsync<CampaignService, CampaignPage>(app, TestApp.AdminEmail, s => s.ListAsync(new CampaignQuery { Sort = CampaignSort.Name }));

        Assert.Equal(
            [("Diwali offer 2026", CampaignStatus.Scheduled), ("Monsoon restock reminder", CampaignStatus.Completed), ("VIP preview: new TMT range", CampaignStatus.Draft), ("Weekend flash sale", CampaignStatus.Stopped)],
            page.Rows.Select(r => (r.Name, r.Status)));
        Assert.All(page.Rows, r => Assert.True(r.EstimatedAudience > 0));
        var diwali = await AsAsync<CampaignService, CampaignDetails>(app, TestApp.AdminEmail, s => s.GetAsync(page.Rows[0].Id));
        Assert.Empty(diwali.ContentIssues);
        Assert.Equal("Rohan Mehta", diwali.CreatedByName);
        Assert.True((await AsAsync<CampaignService, IReadOnlyList<CampaignChangeEntry>>(app, TestApp.AdminEmail, s => s.GetChangesAsync(diwali.Id))).Count >= 5);
    }
}
