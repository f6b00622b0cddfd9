using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CampaignStudio.Data;
using CampaignStudio.Features.Audience.Contacts;
using CampaignStudio.Features.Identity;
using CampaignStudio.Features.Identity.ApiKeys;
using CampaignStudio.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CampaignStudio.Tests.Features.Audience.Contacts;

public abstract class CrmApiTests(DatabaseKind kind)
{
    public sealed class OnSqlite() : CrmApiTests(DatabaseKind.Sqlite);

    public sealed class OnMySql() : CrmApiTests(DatabaseKind.MySql);

    private static async Task<HttpClient> ClientWithKeyAsync(TestApp app, string role)
    {
        await using var scope = await app.ScopeForUserAsync(TestApp.AdminEmail);
        var key = (await scope.ServiceProvider.GetRequiredService<ApiKeyService>().IssueAsync($"{role} key", role)).Secret;
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Add(ApiKeyAuthenticationHandler.HeaderName, key);
        return client;
    }

    private static async Task<TestApp> StartAsync(DatabaseKind kind, Dictionary<string, string?>? settings = null)
    {
        var app = await TestApp.StartAsync(kind, settings);
        await app.CreateFirstAdminAsync();
        return app;
    }

    [Fact]
    public async Task UpsertContacts_CreatesThenUpdatesByExternalIdEmailOrPhone()
    {
        await using var app = await StartAsync(kind);
        using var client = await ClientWithKeyAsync(app, Roles.CampaignManager);

        var created = await client.PostAsJsonAsync("/api/v1/contacts", new object[]
        {
            new { externalId = "D-100", email = "Ravi.Kumar@Example.com", phone = "098200 12345", firstName = "Ravi", country = "IN", region = "Maharashtra", tags = new[] { "Dealer" } },
            new { email = "anna@example.de", phone = "+49 30 901820", firstName = "Anna", country = "DE" },
        });
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        var first = await created.Content.ReadFromJsonAsync<JsonElement>();
        var raviId = first.GetProperty("items")[0].GetProperty("contactId").GetInt64();

        var updated = await client.PostAsJsonAsync("/api/v1/contacts", new object[]
        {
            new { email = "ravi.kumar@example.com", city = "Pune", tags = new[] { "vip" } },
            new { phone = "+4930901820", lastName = "Schmidt" },
        });

        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        var second = await updated.Content.ReadFromJsonAsync<JsonElement>();
        Assert.All(second.GetProperty("items").EnumerateArray(), i => Assert.Equal("updated", i.GetProperty("outcome").GetString()));
        var ravi = await client.GetFromJsonAsync<JsonElement>($"/api/v1/contacts/{raviId}");
        Assert.Equal("ravi.kumar@example.com", ravi.GetProperty("email").GetString());
        Assert.Equal("+919820012345", ravi.GetProperty("phone").GetString());
        Assert.Equal("Pune", ravi.GetProperty("city").GetString());
        Assert.Equal("Ravi", ravi.GetProperty("firstName").GetString());
        Assert.Equal(["dealer", "vip"], ravi.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
    }

    [Fact]
    public async Task UpsertContacts_InvalidItem_Is400NamingItemAndFieldAndStoresNothing()
    {
        await using var app = await StartAsync(kind);
        using var client = await ClientWithKeyAsync(app, Roles.CampaignManager);

        var response = await client.PostAsJsonAsync("/api/v1/contacts", new object[]
        {
            new { externalId = "ok-1", email = "fine@example.com" },
            new { externalId = "bad-1", email = "not-an-email", phone = "12" },
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        var errors = problem.GetProperty("errors");
        Assert.Contains("not a valid email", errors.GetProperty("items[1].email")[0].GetString());
        Assert.True(errors.TryGetProperty("items[1].phone", out _));
        await using var scope = app.Services.CreateAsyncScope();
        Assert.Equal(0, await scope.ServiceProvider.GetRequiredService<AppDbContext>().Contacts.CountAsync());
    }

    [Fact]
    public async Task UpsertContacts_EmailOfAnotherContact_Is400Conflict()
    {
        await using var app = await StartAsync(kind);
        using var client = await ClientWithKeyAsync(app, Roles.CampaignManager);
        await client.PostAsJsonAsync("/api/v1/contacts", new object[] { new { externalId = "A", email = "a@example.com" }, new { externalId = "B", email = "b@example.com" } });

        var response = await client.PostAsJsonAsync("/api/v1/contacts", new object[] { new { externalId = "B", email = "a@example.com" } });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("already belongs to another contact", problem.GetProperty("errors").GetProperty("items[0].email")[0].GetString());
    }

    [Fact]
    public async Task UpsertContacts_AnalystKey_Is403()
    {
        await using var app = await StartAsync(kind);
        using var client = await ClientWithKeyAsync(app, Roles.Analyst);

        var response = await client.PostAsJsonAsync("/api/v1/contacts", new object[] { new { email = "x@example.com" } });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task GetContact_Unknown_Is404()
    {
        await using var app = await StartAsync(kind);
        using var client = await ClientWithKeyAsync(app, Roles.Analyst);

        var response = await client.GetAsync("/api/v1/contacts/999999");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task RecordEvents_NumericPropertiesBecomeMeasures_UnknownContactIs400()
    {
        await using var app = await StartAsync(kind);
        using var client = await ClientWithKeyAsync(app, Roles.CampaignManager);
        await client.PostAsJsonAsync("/api/v1/contacts", new object[] { new { externalId = "D-7", email = "dealer7@example.com" } });

        var recorded = await client.PostAsJsonAsync("/api/v1/events", new object[]
        {
            new { externalId = "D-7", name = "lifting", occurredAt = "2026-10-01T10:00:00Z", properties = new { mt = 42.5, plant = "Nagpur" } },
            new { email = "dealer7@example.com", name = "login" },
        });
        var rejected = await client.PostAsJsonAsync("/api/v1/events", new object[] { new { externalId = "nobody", name = "login" } });

        Assert.Equal(HttpStatusCode.OK, recorded.StatusCode);
        Assert.Equal(2, (await recorded.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("recorded").GetInt32());
        Assert.Equal(HttpStatusCode.BadRequest, rejected.StatusCode);
        Assert.Contains("No contact matches", await rejected.Content.ReadAsStringAsync());
        await using var scope = app.Services.CreateAsyncScope();
        var measure = await scope.ServiceProvider.GetRequiredService<AppDbContext>().ContactEventMeasures.SingleAsync();
        Assert.Equal(("lifting", "mt", 42.5m), (measure.EventName, measure.Key, measure.Value));
    }

    [Fact]
    public async Task Api_PerKeyRateLimit_Is429WithRetryAfter()
    {
        await using var app = await StartAsync(kind, new Dictionary<string, string?> { ["Api:RequestsPerMinutePerKey"] = "3" });
        using var limited = await ClientWithKeyAsync(app, Roles.Analyst);
        using var other = await ClientWithKeyAsync(app, Roles.Analyst);

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
        {
            statuses.Add((await limited.GetAsync("/api/v1/me")).StatusCode);
        }

        var refused = await limited.GetAsync("/api/v1/me");
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses);
        Assert.True(refused.Headers.RetryAfter is not null);
        Assert.Equal(HttpStatusCode.OK, (await other.GetAsync("/api/v1/me")).StatusCode);
    }

    [Fact]
    public async Task RawTables_HoldNoPlaintextEmailPhoneOrPushToken()
    {
        await using var app = await StartAsync(kind);
        using var client = await ClientWithKeyAsync(app, Roles.CampaignManager);
        var response = await client.PostAsJsonAsync("/api/v1/contacts", new object[]
        {
            new { email = "secret.person@example.org", phone = "+919876543210", pushTokens = new[] { new { token = "fcm-token-abcdefghijklmnop", platform = "android" } } },
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var dump = await RawDumpAsync(app);

        Assert.DoesNotContain("secret.person", dump, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("9876543210", dump);
        Assert.DoesNotContain("fcm-token-abcdefghijklmnop", dump);
        Assert.Contains("example.org", dump);
    }

    /// <summary>Every column of the contact tables as text (blobs as UTF-8 and hex), read with plain SQL.</summary>
    private static async Task<string> RawDumpAsync(TestApp app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        var text = new System.Text.StringBuilder();
        foreach (var table in new[] { "Contacts", "ContactPushTokens", "ContactTags", "ContactConsents" })
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT * FROM {table}";
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    var value = reader.GetValue(i);
                    text.Append(value is byte[] bytes ? System.Text.Encoding.UTF8.GetString(bytes) + Convert.ToHexString(bytes) : value?.ToString()).Append('|');
                }
            }
        }

        return text.ToString();
    }
}

public abstract class SegmentPreviewApiTests(DatabaseKind kind)
{
    public sealed class OnSqlite() : SegmentPreviewApiTests(DatabaseKind.Sqlite);

    public sealed class OnMySql() : SegmentPreviewApiTests(DatabaseKind.MySql);

    [Fact]
    public async Task Preview_CountsInTheDatabase_AndRejectsUnknownFieldsWithTheirPath()
    {
        await using var app = await TestApp.StartAsync(kind);
        await app.CreateFirstAdminAsync();
        await using var scope = await app.ScopeForUserAsync(TestApp.AdminEmail);
        var key = (await scope.ServiceProvider.GetRequiredService<ApiKeyService>().IssueAsync("bi", Roles.Analyst)).Secret;
        await scope.ServiceProvider.GetRequiredService<ContactService>().UpsertAsync(
        [
            new ContactInput { ExternalId = "D1", Region = "Maharashtra", Tags = ["dealer"], Phone = "+919820012345", Consents = [new ConsentInput { Channel = CampaignStudio.Features.Shared.Channel.WhatsApp, Status = ConsentStatus.Granted }] },
            new ContactInput { ExternalId = "D2", Region = "Gujarat", Tags = ["dealer"] },
        ], allOrNothing: true);
        using var client = app.CreateClient();
        client.DefaultRequestHeaders.Add(ApiKeyAuthenticationHandler.HeaderName, key);

        var ok = await client.PostAsync("/api/v1/segments/preview", new StringContent(
            """{"version":1,"root":{"operator":"and","rules":[{"type":"tag","operator":"hasTag","tags":["dealer"]},{"type":"field","field":"region","operator":"equals","value":"maharashtra"}]}}""",
            System.Text.Encoding.UTF8, "application/json"));
        var bad = await client.PostAsync("/api/v1/segments/preview", new StringContent(
            """{"version":1,"root":{"operator":"and","rules":[{"type":"field","field":"shoeSize","operator":"equals","value":"9"}]}}""",
            System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        var preview = await ok.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(1, preview.GetProperty("matching").GetInt32());
        Assert.Equal(1, preview.GetProperty("reachable").GetProperty("WhatsApp").GetInt32());
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var problem = await bad.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains(problem.GetProperty("errors").EnumerateObject(), e => e.Name.StartsWith("root.rules[0]", StringComparison.Ordinal));
    }
}
