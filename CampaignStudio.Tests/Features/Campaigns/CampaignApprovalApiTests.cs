using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CampaignStudio.Features.Campaigns;
using CampaignStudio.Features.Identity;
using CampaignStudio.Features.Identity.ApiKeys;
using CampaignStudio.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using static CampaignStudio.Tests.Features.Campaigns.CampaignWorld;

namespace CampaignStudio.Tests.Features.Campaigns;

/// <summary>POST /api/v1/campaigns/{id}/approve, /reject and /withdraw: roles, states, revisions and the comment.</summary>
public abstract class CampaignApprovalApiTests(DatabaseKind kind)
{
    public sealed class OnSqlite() : CampaignApprovalApiTests(DatabaseKind.Sqlite);

    public sealed class OnMySql() : CampaignApprovalApiTests(DatabaseKind.MySql);

    private static async Task<HttpClient> ClientWithKeyAsync(TestApp app, string role)
    {
        await using var scope = await app.ScopeForUserAsync(TestApp.AdminEmail);
        var key = (await scope.ServiceProvider.GetRequiredService<ApiKeyService>().IssueAsync($"{role} key", role)).Secret;
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Add(ApiKeyAuthenticationHandler.HeaderName, key);
        return client;
    }

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response) => await response.Content.ReadFromJsonAsync<JsonElement>();

    /// <summary>Approval required; a manager's ready draft submitted through the API.</summary>
    private static async Task<(TestApp App, HttpClient Manager, JsonElement Pending)> PendingAsync(DatabaseKind kind)
    {
        var app = await StartAsync(kind, Clock());
        var world = await SeedAsync(app);
        await AsAsync<CampaignApprovalSettingsService, CampaignApprovalSettings>(app, TestApp.AdminEmail, s => s.SaveAsync(new CampaignApprovalSettings(true, false)));
        var draft = await ReadyDraftAsync(app, world);
        var manager = await ClientWithKeyAsync(app, Roles.CampaignManager);
        var scheduled = await manager.PostAsJsonAsync($"/api/v1/campaigns/{draft.Id}/schedule", new { revision = draft.Revision });
        Assert.Equal(HttpStatusCode.OK, scheduled.StatusCode);
        return (app, manager, await JsonAsync(scheduled));
    }

    [Fact]
    public async Task Schedule_WithApprovalRequired_IsPendingApproval_AndAnApproverKeyApprovesIt()
    {
        var (app, manager, pending) = await PendingAsync(kind);
        await using var _ = app;
        using var __ = manager;
        using var approver = await ClientWithKeyAsync(app, Roles.Approver);
        var id = pending.GetProperty("id").GetInt32();

        var approved = await approver.PostAsJsonAsync($"/api/v1/campaigns/{id}/approve", new { revision = pending.GetProperty("revision").GetInt32(), comment = "Fine by me." });
        var body = await JsonAsync(approved);

        Assert.Equal("pendingApproval", pending.GetProperty("status").GetString());
        Assert.Equal(["approve", "reject", "withdraw", "clone"], pending.GetProperty("allowedActions").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        Assert.Equal("scheduled", body.GetProperty("status").GetString());
        Assert.Equal("API key 'Approver key'", body.GetProperty("approval").GetProperty("reviewedByName").GetString());
        var listed = await manager.GetFromJsonAsync<JsonElement>("/api/v1/campaigns?status=pendingApproval");
        Assert.Equal(0, listed.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task ApproveAndReject_WithAManagerOrAnalystKey_Are403_AndChangeNothing()
    {
        var (app, manager, pending) = await PendingAsync(kind);
        await using var _ = app;
        using var __ = manager;
        using var analyst = await ClientWithKeyAsync(app, Roles.Analyst);
        var id = pending.GetProperty("id").GetInt32();

        var managerApproves = await manager.PostAsJsonAsync($"/api/v1/campaigns/{id}/approve", new { revision = pending.GetProperty("revision").GetInt32() });
        var managerRejects = await manager.PostAsJsonAsync($"/api/v1/campaigns/{id}/reject", new { revision = pending.GetProperty("revision").GetInt32(), comment = "No." });
        var analystApproves = await analyst.PostAsJsonAsync($"/api/v1/campaigns/{id}/approve", new { });

        Assert.Equal(HttpStatusCode.Forbidden, managerApproves.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, managerRejects.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, analystApproves.StatusCode);
        var read = await manager.GetFromJsonAsync<JsonElement>($"/api/v1/campaigns/{id}");
        Assert.Equal(("pendingApproval", pending.GetProperty("revision").GetInt32()), (read.GetProperty("status").GetString(), read.GetProperty("revision").GetInt32()));
    }

    [Fact]
    public async Task Reject_WithoutAComment_Is400OnTheComment_WithAStaleRevision_Is409_ThenRejectsWithTheComment()
    {
        var (app, manager, pending) = await PendingAsync(kind);
        await using var _ = app;
        using var __ = manager;
        using var admin = await ClientWithKeyAsync(app, Roles.Admin);
        var id = pending.GetProperty("id").GetInt32();
        var revision = pending.GetProperty("revision").GetInt32();

        var noComment = await admin.PostAsJsonAsync($"/api/v1/campaigns/{id}/reject", new { revision });
        var stale = await admin.PostAsJsonAsync($"/api/v1/campaigns/{id}/reject", new { revision = revision - 1, comment = "Too late." });
        var rejected = await admin.PostAsJsonAsync($"/api/v1/campaigns/{id}/reject", new { revision, comment = "Name the stores." });

        Assert.Equal(HttpStatusCode.BadRequest, noComment.StatusCode);
        Assert.Equal("Say why it is rejected, so that its creator knows what to change.", (await JsonAsync(noComment)).GetProperty("errors").GetProperty("comment")[0].GetString());
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Equal(HttpStatusCode.OK, rejected.StatusCode);
        var body = await JsonAsync(rejected);
        Assert.Equal("draft", body.GetProperty("status").GetString());
        Assert.Equal("Name the stores.", body.GetProperty("approval").GetProperty("rejectionComment").GetString());
        var changes = await manager.GetFromJsonAsync<JsonElement>($"/api/v1/campaigns/{id}/changes");
        Assert.Equal("Rejected: Name the stores.", changes[0].GetProperty("summary").GetString());
    }

    [Fact]
    public async Task Approve_OfACampaignNotWaitingForApproval_Is409()
    {
        var (app, manager, pending) = await PendingAsync(kind);
        await using var _ = app;
        using var __ = manager;
        using var approver = await ClientWithKeyAsync(app, Roles.Approver);
        var id = pending.GetProperty("id").GetInt32();
        var withdrawn = await manager.PostAsJsonAsync($"/api/v1/campaigns/{id}/withdraw", new { revision = pending.GetProperty("revision").GetInt32() });

        var approve = await approver.PostAsJsonAsync($"/api/v1/campaigns/{id}/approve", new { });
        var reject = await approver.PostAsJsonAsync($"/api/v1/campaigns/{id}/reject", new { comment = "No." });

        Assert.Equal(HttpStatusCode.OK, withdrawn.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, approve.StatusCode);
        Assert.Contains("not waiting for approval", (await JsonAsync(approve)).GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.Conflict, reject.StatusCode);
    }
}
