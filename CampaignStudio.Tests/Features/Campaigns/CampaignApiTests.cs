using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CampaignStudio.Features.Identity;
using CampaignStudio.Features.Identity.ApiKeys;
using CampaignStudio.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using static CampaignStudio.Tests.Features.Campaigns.CampaignWorld;

namespace CampaignStudio.Tests.Features.Campaigns;

/// <summary>/api/v1/campaigns: status codes and problem details.</summary>
public abstract class CampaignApiTests(DatabaseKind kind)
{
    public sealed class OnSqlite() : CampaignApiTests(DatabaseKind.Sqlite);

    public sealed class OnMySql() : CampaignApiTests(DatabaseKind.MySql);

    private static async Task<HttpClient> ClientWithKeyAsync(TestApp app, string role)
    {
        await using var scope = await app.ScopeForUserAsync(TestApp.AdminEmail);
        var key = (await scope.ServiceProvider.GetRequiredService<ApiKeyService>().IssueAsync($"{role} key", role)).Secret;
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Add(ApiKeyAuthenticationHandler.HeaderName, key);
        return client;
    }

    private static object Campaign(World world, string name = "Diwali offer", int? revision = null, string text = "Happy Diwali!") => new
    {
        name,
        description = "Festive prices",
        includeSegmentIds = new[] { world.Dealers },
        excludeSegmentIds = new[] { world.Vips },
        channels = new[] { "sms", "push" },
        content = new
        {
            sms = new { text },
            push = new { title = "Diwali", body = "Festive prices inside", data = new Dictionary<string, string> { ["screen"] = "offers" } },
        },
        schedule = new { kind = "at", date = "2026-06-02", time = "09:30", timeZone = "Asia/Kolkata" },
        revision,
    };

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response) => await response.Content.ReadFromJsonAsync<JsonElement>();

    [Fact]
    public async Task PostGetPut_CreateReadAndReplaceACampaign()
    {
        await using var app = await StartAsync(kind, Clock());
        var world = await SeedAsync(app);
        using var client = await ClientWithKeyAsync(app, Roles.CampaignManager);

        var created = await client.PostAsJsonAsync("/api/v1/campaigns", Campaign(world));
        var body = await JsonAsync(created);
        var id = body.GetProperty("id").GetInt32();
        var read = await client.GetFromJsonAsync<JsonElement>($"/api/v1/campaigns/{id}");
        var replaced = await client.PutAsJsonAsync($"/api/v1/campaigns/{id}", Campaign(world, "Diwali offer 2026", read.GetProperty("revision").GetInt32(), "New text"));

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal($"/api/v1/campaigns/{id}", created.Headers.Location?.OriginalString);
        Assert.Equal("draft", read.GetProperty("status").GetString());
        Assert.Equal(["sms", "push"], read.GetProperty("channels").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal("Happy Diwali!", read.GetProperty("content").GetProperty("sms").GetProperty("text").GetString());
        Assert.Equal("offers", read.GetProperty("content").GetProperty("push").GetProperty("data").GetProperty("screen").GetString());
        Assert.Equal("2026-06-02T04:00:00Z", read.GetProperty("scheduledForUtc").GetString());
        Assert.Equal("Dealers", read.GetProperty("includeSegments")[0].GetProperty("name").GetString());
        Assert.Equal(["edit", "schedule", "clone", "archive"], read.GetProperty("allowedActions").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal(HttpStatusCode.OK, replaced.StatusCode);
        var after = await JsonAsync(replaced);
        Assert.Equal("Diwali offer 2026", after.GetProperty("name").GetString());
        Assert.Equal(read.GetProperty("revision").GetInt32() + 1, after.GetProperty("revision").GetInt32());
        Assert.Equal(2, after.GetProperty("contentVersion").GetInt32());
    }

    [Fact]
    public async Task Put_WithAStaleRevision_Is409NamingWhoChangedIt_WithoutRevisionIs400()
    {
        await using var app = await StartAsync(kind, Clock());
        var world = await SeedAsync(app);
        using var client = await ClientWithKeyAsync(app, Roles.CampaignManager);
        var id = (await JsonAsync(await client.PostAsJsonAsync("/api/v1/campaigns", Campaign(world)))).GetProperty("id").GetInt32();
        var revision = (await client.GetFromJsonAsync<JsonElement>($"/api/v1/campaigns/{id}")).GetProperty("revision").GetInt32();
        await client.PutAsJsonAsync($"/api/v1/campaigns/{id}", Campaign(world, "First", revision));

        var stale = await client.PutAsJsonAsync($"/api/v1/campaigns/{id}", Campaign(world, "Second", revision));
        var noRevision = await client.PutAsJsonAsync($"/api/v1/campaigns/{id}", Campaign(world, "Third"));

        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Equal("application/problem+json", stale.Content.Headers.ContentType?.MediaType);
        var problem = await JsonAsync(stale);
        Assert.Equal(409, problem.GetProperty("status").GetInt32());
        Assert.StartsWith("The campaign 'First' was changed by API key", problem.GetProperty("detail").GetString());
        Assert.Contains("at 2026-06-01 12:00 UTC after you opened it, so your changes were not saved.", problem.GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, noRevision.StatusCode);
        Assert.True((await JsonAsync(noRevision)).GetProperty("errors").TryGetProperty("revision", out _));
        Assert.Equal("First", (await client.GetFromJsonAsync<JsonElement>($"/api/v1/campaigns/{id}")).GetProperty("name").GetString());
    }

    [Fact]
    public async Task Actions_ScheduleThenPauseIs409WithTheStateMessage_UnscheduleIs200()
    {
        await using var app = await StartAsync(kind, Clock());
        var world = await SeedAsync(app);
        using var client = await ClientWithKeyAsync(app, Roles.CampaignManager);
        var id = (await JsonAsync(await client.PostAsJsonAsync("/api/v1/campaigns", Campaign(world)))).GetProperty("id").GetInt32();

        var scheduled = await client.PostAsync($"/api/v1/campaigns/{id}/schedule", null);
        var pause = await client.PostAsync($"/api/v1/campaigns/{id}/pause", null);
        var staleUnschedule = await client.PostAsJsonAsync($"/api/v1/campaigns/{id}/unschedule", new { revision = 1 });
        var unscheduled = await client.PostAsJsonAsync($"/api/v1/campaigns/{id}/unschedule", new { revision = (await JsonAsync(scheduled)).GetProperty("revision").GetInt32() });

        Assert.Equal(HttpStatusCode.OK, scheduled.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, pause.StatusCode);
        Assert.Equal(
            "The campaign 'Diwali offer' is scheduled: you cannot pause it. You can edit or unschedule it until it starts sending.",
            (await JsonAsync(pause)).GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.Conflict, staleUnschedule.StatusCode);
        Assert.Equal(HttpStatusCode.OK, unscheduled.StatusCode);
        Assert.Equal("draft", (await JsonAsync(unscheduled)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Schedule_Incomplete_Is400WithAnErrorPerMissingField()
    {
        await using var app = await StartAsync(kind, Clock());
        await SeedAsync(app);
        using var client = await ClientWithKeyAsync(app, Roles.CampaignManager);
        var id = (await JsonAsync(await client.PostAsJsonAsync("/api/v1/campaigns", new { name = "Half done", channels = new[] { "email" } }))).GetProperty("id").GetInt32();

        var response = await client.PostAsync($"/api/v1/campaigns/{id}/schedule", null);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await JsonAsync(response)).GetProperty("errors");
        Assert.Equal(
            ["audience.include", "content.email.htmlBody", "content.email.senderId", "content.email.subject", "schedule"],
            errors.EnumerateObject().Select(e => e.Name).Order(StringComparer.Ordinal));
        Assert.Equal("Write the email's subject.", errors.GetProperty("content.email.subject")[0].GetString());
    }

    [Fact]
    public async Task Post_InvalidInput_Is400WithFieldErrors_AndCreatesNothing()
    {
        await using var app = await StartAsync(kind, Clock());
        var world = await SeedAsync(app);
        using var client = await ClientWithKeyAsync(app, Roles.CampaignManager);

        var response = await client.PostAsJsonAsync("/api/v1/campaigns", new
        {
            name = "",
            includeSegmentIds = new[] { 999 },
            channels = new[] { "push" },
            content = new { push = new { title = "Hi", imageUrl = "http://cdn.example/a.png" } },
            schedule = new { kind = "at", date = "2026-06-02", time = "25:00", timeZone = "Asia/Kolkata" },
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await JsonAsync(response)).GetProperty("errors");
        Assert.Equal(["audience.include", "name", "schedule.time"], errors.EnumerateObject().Select(e => e.Name).Order(StringComparer.Ordinal));
        var list = await client.GetFromJsonAsync<JsonElement>("/api/v1/campaigns");
        Assert.Equal(0, list.GetProperty("total").GetInt32());
        _ = world;
    }

    [Fact]
    public async Task AnalystKey_ReadsButEveryWriteIs403()
    {
        await using var app = await StartAsync(kind, Clock());
        var world = await SeedAsync(app);
        using var manager = await ClientWithKeyAsync(app, Roles.CampaignManager);
        using var analyst = await ClientWithKeyAsync(app, Roles.Analyst);
        var id = (await JsonAsync(await manager.PostAsJsonAsync("/api/v1/campaigns", Campaign(world)))).GetProperty("id").GetInt32();

        var writes = new[]
        {
            await analyst.PostAsJsonAsync("/api/v1/campaigns", Campaign(world, "Mine")),
            await analyst.PutAsJsonAsync($"/api/v1/campaigns/{id}", Campaign(world, "Mine", 1)),
            await analyst.PostAsync($"/api/v1/campaigns/{id}/schedule", null),
            await analyst.PostAsync($"/api/v1/campaigns/{id}/clone", null),
            await analyst.PostAsync($"/api/v1/campaigns/{id}/archive", null),
        };

        Assert.All(writes, w => Assert.Equal(HttpStatusCode.Forbidden, w.StatusCode));
        Assert.All(writes, w => Assert.Equal("application/problem+json", w.Content.Headers.ContentType?.MediaType));
        Assert.Equal(HttpStatusCode.OK, (await analyst.GetAsync($"/api/v1/campaigns/{id}")).StatusCode);
        Assert.Equal(1, (await analyst.GetFromJsonAsync<JsonElement>("/api/v1/campaigns")).GetProperty("total").GetInt32());
        Assert.Equal(HttpStatusCode.OK, (await analyst.GetAsync($"/api/v1/campaigns/{id}/changes")).StatusCode);
    }

    [Fact]
    public async Task List_QueryParameters_FilterSortAndPage_UnknownValuesAre400()
    {
        await using var app = await StartAsync(kind, Clock());
        var world = await SeedAsync(app);
        using var client = await ClientWithKeyAsync(app, Roles.CampaignManager);
        foreach (var name in new[] { "Bravo", "alpha", "Charlie" })
        {
            await client.PostAsJsonAsync("/api/v1/campaigns", Campaign(world, name));
        }

        var charlieId = (await client.GetFromJsonAsync<JsonElement>("/api/v1/campaigns?search=charlie")).GetProperty("items")[0].GetProperty("id").GetInt32();
        await client.PostAsync($"/api/v1/campaigns/{charlieId}/schedule", null);
        var page = await client.GetFromJsonAsync<JsonElement>("/api/v1/campaigns?sort=name&page=1&pageSize=2&channel=SMS");
        var scheduled = await client.GetFromJsonAsync<JsonElement>("/api/v1/campaigns?status=scheduled,sending&scheduledFrom=2026-06-02T00:00:00Z&scheduledTo=2026-06-03T00:00:00%2B05:30");
        var bad = await client.GetAsync("/api/v1/campaigns?status=done&sort=cheapest");

        Assert.Equal((3, 1, 2), (page.GetProperty("total").GetInt32(), page.GetProperty("page").GetInt32(), page.GetProperty("pageSize").GetInt32()));
        Assert.Equal(["Charlie"], page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("name").GetString()));
        Assert.Equal(["Charlie"], scheduled.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("name").GetString()));
        Assert.Equal(["Dealers"], page.GetProperty("items")[0].GetProperty("includeSegments").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var errors = (await JsonAsync(bad)).GetProperty("errors");
        Assert.Equal("'done' is not a status; use draft, scheduled, sending, paused, completed, stopped, failed, pendingApproval.", errors.GetProperty("status")[0].GetString());
        Assert.True(errors.TryGetProperty("sort", out _));
    }

    [Fact]
    public async Task Clone_Is201WithTheCopy_UnknownCampaignIs404()
    {
        await using var app = await StartAsync(kind, Clock());
        var world = await SeedAsync(app);
        using var client = await ClientWithKeyAsync(app, Roles.CampaignManager);
        var id = (await JsonAsync(await client.PostAsJsonAsync("/api/v1/campaigns", Campaign(world)))).GetProperty("id").GetInt32();

        var cloned = await client.PostAsync($"/api/v1/campaigns/{id}/clone", null);
        var missing = await client.GetAsync("/api/v1/campaigns/987654");
        var missingAction = await client.PostAsync("/api/v1/campaigns/987654/stop", null);

        Assert.Equal(HttpStatusCode.Created, cloned.StatusCode);
        var copy = await JsonAsync(cloned);
        Assert.Equal("Copy of Diwali offer", copy.GetProperty("name").GetString());
        Assert.Equal($"/api/v1/campaigns/{copy.GetProperty("id").GetInt32()}", cloned.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("There is no campaign 987654 (any more).", (await JsonAsync(missing)).GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.NotFound, missingAction.StatusCode);
    }

    [Fact]
    public async Task ContentDiff_ComparesTwoVersions()
    {
        await using var app = await StartAsync(kind, Clock());
        var world = await SeedAsync(app);
        using var client = await ClientWithKeyAsync(app, Roles.CampaignManager);
        var id = (await JsonAsync(await client.PostAsJsonAsync("/api/v1/campaigns", Campaign(world)))).GetProperty("id").GetInt32();
        await client.PutAsJsonAsync($"/api/v1/campaigns/{id}", Campaign(world, revision: 2, text: "Happy Diwali!\nOffers inside."));

        var diff = await client.GetFromJsonAsync<JsonElement>($"/api/v1/campaigns/{id}/content-versions/diff?from=1&to=2");

        var sms = diff.GetProperty("channels")[0];
        Assert.Equal(("sms", "changed"), (sms.GetProperty("channel").GetString(), sms.GetProperty("change").GetString()));
        Assert.Equal(["unchanged", "added"], sms.GetProperty("fields")[0].GetProperty("lines").EnumerateArray().Select(l => l.GetProperty("kind").GetString()));
    }

    [Fact]
    public async Task OpenApi_DescribesTheCampaignRoutes()
    {
        await using var app = await StartAsync(kind, Clock());
        using var client = app.CreateClient();

        var document = await client.GetFromJsonAsync<JsonElement>("/openapi/v1.json");

        var paths = document.GetProperty("paths");
        foreach (var path in new[] { "/api/v1/campaigns", "/api/v1/campaigns/{id}", "/api/v1/campaigns/{id}/schedule", "/api/v1/campaigns/{id}/pause", "/api/v1/campaigns/{id}/resume", "/api/v1/campaigns/{id}/stop", "/api/v1/campaigns/{id}/clone" })
        {
            Assert.True(paths.TryGetProperty(path, out _), $"{path} is missing from the OpenAPI document.");
        }

        Assert.True(paths.GetProperty("/api/v1/campaigns/{id}").TryGetProperty("put", out var put));
        Assert.True(put.GetProperty("responses").TryGetProperty("409", out _));
    }
}
