using CampaignStudio.Data;
using CampaignStudio.Features.Campaigns;
using CampaignStudio.Features.Identity;
using CampaignStudio.Features.Notifications;
using CampaignStudio.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using static CampaignStudio.Tests.Features.Campaigns.CampaignWorld;

namespace CampaignStudio.Tests.Features.Campaigns;

/// <summary>
/// Approval notifications through the real notifier and hub: a request reaches every active approver and admin once
/// (never the submitter, never twice for the same request, again for a new request), a decision reaches the submitter.
/// </summary>
public abstract class CampaignApprovalNotificationTests(DatabaseKind kind)
{
    public sealed class OnSqlite() : CampaignApprovalNotificationTests(DatabaseKind.Sqlite);

    public sealed class OnMySql() : CampaignApprovalNotificationTests(DatabaseKind.MySql);

    private const string Ada = "ada@example.test";
    private const string Bo = "bo@example.test";
    private const string Cy = "cy@example.test";

    private readonly FakeTimeProvider clock = Clock();

    [Fact]
    public async Task Submission_TellsEveryActiveApproverAndAdminOnceLive_NotTheSubmitter_AndARetryTellsNobodyAgain()
    {
        await using var app = await CampaignWorld.StartAsync(kind, clock);
        var ids = await PeopleAsync(app);
        var world = await SeedAsync(app);
        await RequireApprovalAsync(app);
        var hub = app.Services.GetRequiredService<NotificationHub>();
        var live = new List<(string UserId, NotificationKind Kind)>();
        var subscriptions = ids.Values.Select(id => hub.Subscribe(id, signal =>
        {
            lock (live)
            {
                if (signal.Added is { } added)
                {
                    live.Add((signal.UserId, added.Kind));
                }
            }

            return Task.CompletedTask;
        })).ToList();

        var draft = await ReadyDraftAsync(app, world);
        var pending = await AsManagerAsync(app, s => s.ScheduleAsync(draft.Id, draft.Revision));
        // The same request raised again (a retry, a second instance): nobody is told twice.
        await app.Services.GetRequiredService<CampaignApprovalNotices>().SubmittedAsync(pending, new Actor(ids[ManagerEmail], ManagerName));

        var told = await RowsAsync(app, pending.Id, NotificationKind.ApprovalNeeded);
        Assert.Equal(Sorted(ids[TestApp.AdminEmail], ids[Ada], ids[Bo]), Sorted([.. told.Select(n => n.UserId)]));
        Assert.All(told, n => Assert.Equal($"{draft.Name} waits for your approval", n.Title));
        Assert.All(told, n => Assert.Contains("Max Manager submitted it", n.Message));
        lock (live)
        {
            Assert.Equal(Sorted(ids[TestApp.AdminEmail], ids[Ada], ids[Bo]), Sorted([.. live.Where(l => l.Kind == NotificationKind.ApprovalNeeded).Select(l => l.UserId)]));
        }

        subscriptions.ForEach(s => s.Dispose());
    }

    [Fact]
    public async Task Rejection_TellsTheSubmitterWithTheComment_AResubmissionTellsTheApproversAgain_ApprovalTellsTheSubmitter()
    {
        await using var app = await CampaignWorld.StartAsync(kind, clock);
        var ids = await PeopleAsync(app);
        var world = await SeedAsync(app);
        await RequireApprovalAsync(app);
        var draft = await ReadyDraftAsync(app, world);
        var pending = await AsManagerAsync(app, s => s.ScheduleAsync(draft.Id, draft.Revision));

        var rejected = await AsAsync<CampaignService, CampaignDetails>(app, Ada, s => s.RejectAsync(pending.Id, "Say which stores take part.", pending.Revision));
        var again = await AsManagerAsync(app, s => s.ScheduleAsync(rejected.Id, rejected.Revision));
        await AsAsync<CampaignService, CampaignDetails>(app, Bo, s => s.ApproveAsync(again.Id, again.Revision));

        var rejections = await RowsAsync(app, pending.Id, NotificationKind.Rejected);
        var requests = await RowsAsync(app, pending.Id, NotificationKind.ApprovalNeeded);
        var approvals = await RowsAsync(app, pending.Id, NotificationKind.Approved);
        Assert.Equal([ids[ManagerEmail]], rejections.Select(n => n.UserId));
        Assert.Contains("Say which stores take part.", rejections[0].Message);
        Assert.StartsWith("Ada Approver rejected it", rejections[0].Message);
        Assert.Equal(2, requests.Count(n => n.UserId == ids[Ada]));
        Assert.Equal(2, requests.Count(n => n.UserId == ids[Bo]));
        Assert.Equal(6, requests.Count);
        Assert.Equal([ids[ManagerEmail]], approvals.Select(n => n.UserId));
        Assert.Contains("Bo Approver approved it", approvals[0].Message);
    }

    /// <summary>Ada and Bo approve, Cy approved but left (inactive); the world's admin, manager and analyst.</summary>
    private static async Task<Dictionary<string, string>> PeopleAsync(TestApp app)
    {
        var ada = await app.CreateUserAsync(Ada, Roles.Approver, name: "Ada Approver");
        var bo = await app.CreateUserAsync(Bo, Roles.Approver, name: "Bo Approver");
        var cy = await app.CreateUserAsync(Cy, Roles.Approver, name: "Cy Approver");
        await using (var scope = await app.ScopeForUserAsync(TestApp.AdminEmail))
        {
            await scope.ServiceProvider.GetRequiredService<UserAdminService>().DeactivateAsync(cy.Id);
        }

        await using var db = await app.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        var emails = new[] { TestApp.AdminEmail, ManagerEmail, AnalystEmail };
        var others = await db.Users.Where(u => emails.Contains(u.Email!)).ToDictionaryAsync(u => u.Email!, u => u.Id);
        others[Ada] = ada.Id;
        others[Bo] = bo.Id;
        others[Cy] = cy.Id;
        return others;
    }

    private static Task RequireApprovalAsync(TestApp app) =>
        AsAsync<CampaignApprovalSettingsService, CampaignApprovalSettings>(app, TestApp.AdminEmail, s => s.SaveAsync(new CampaignApprovalSettings(true, false)));

    private static async Task<List<Notification>> RowsAsync(TestApp app, int campaignId, NotificationKind kind)
    {
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        return await db.Notifications.AsNoTracking().Where(n => n.CampaignId == campaignId && n.Kind == kind).OrderBy(n => n.Id).ToListAsync();
    }

    private static string[] Sorted(params string[] ids) => [.. ids.Order(StringComparer.Ordinal)];
}
