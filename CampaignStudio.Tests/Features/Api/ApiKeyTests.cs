using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CampaignStudio.Features.Identity;
using CampaignStudio.Features.Identity.ApiKeys;
using CampaignStudio.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace CampaignStudio.Tests.Features.Api;

public abstract class ApiKeyTests(DatabaseKind kind)
{
    public sealed class OnSqlite() : ApiKeyTests(DatabaseKind.Sqlite);

    public sealed class OnMySql() : ApiKeyTests(DatabaseKind.MySql);

    private static async Task<string> IssueAsync(TestApp app, string role, string name = "CRM sync")
    {
        await using var scope = await app.ScopeForUserAsync(TestApp.AdminEmail);
        return (await scope.ServiceProvider.GetRequiredService<ApiKeyService>().IssueAsync(name, role)).Secret;
    }

    private static HttpRequestMessage Get(string path, string? key)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (key is not null)
        {
            request.Headers.Add(ApiKeyAuthenticationHandler.HeaderName, key);
        }

        return request;
    }

    [Fact]
    public async Task Api_WithoutKey_Is401ProblemDetails()
    {
        await using var app = await TestApp.StartAsync(kind);
        await app.CreateFirstAdminAsync();
        using var client = app.CreateClient();

        var response = await client.SendAsync(Get("/api/v1/me", null));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("X-Api-Key", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Api_WithWrongKey_Is401()
    {
        await using var app = await TestApp.StartAsync(kind);
        await app.CreateFirstAdminAsync();
        var key = await IssueAsync(app, Roles.Admin);
        using var client = app.CreateClient();

        var tampered = key[..^4] + (key.EndsWith("AAAA", StringComparison.Ordinal) ? "BBBB" : "AAAA");

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(Get("/api/v1/me", tampered))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(Get("/api/v1/me", "csk_nope_nope"))).StatusCode);
    }

    [Fact]
    public async Task Api_AnalystKey_ReadsButIsForbiddenAdminEndpoint()
    {
        await using var app = await TestApp.StartAsync(kind);
        await app.CreateFirstAdminAsync();
        var key = await IssueAsync(app, Roles.Analyst, "BI export");
        using var client = app.CreateClient();

        var me = await client.SendAsync(Get("/api/v1/me", key));
        var users = await client.SendAsync(Get("/api/v1/users", key));

        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        var caller = await me.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("BI export", caller.GetProperty("name").GetString());
        Assert.Equal(Roles.Analyst, caller.GetProperty("roles")[0].GetString());
        Assert.Equal(HttpStatusCode.Forbidden, users.StatusCode);
        Assert.Equal("application/problem+json", users.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Api_AdminKey_ListsUsers()
    {
        await using var app = await TestApp.StartAsync(kind);
        await app.CreateFirstAdminAsync();
        var key = await IssueAsync(app, Roles.Admin);
        using var client = app.CreateClient();

        var response = await client.SendAsync(Get("/api/v1/users", key));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var users = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(TestApp.AdminEmail, users[0].GetProperty("email").GetString());
    }

    [Fact]
    public async Task Api_RevokedKey_Is401()
    {
        await using var app = await TestApp.StartAsync(kind);
        await app.CreateFirstAdminAsync();
        var key = await IssueAsync(app, Roles.Admin);
        await using (var scope = await app.ScopeForUserAsync(TestApp.AdminEmail))
        {
            var keys = scope.ServiceProvider.GetRequiredService<ApiKeyService>();
            await keys.RevokeAsync((await keys.ListAsync()).Single().Id);
        }

        using var client = app.CreateClient();

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(Get("/api/v1/me", key))).StatusCode);
    }

    [Fact]
    public async Task ApiKeys_AreStoredHashedAndListedWithoutSecret()
    {
        await using var app = await TestApp.StartAsync(kind);
        await app.CreateFirstAdminAsync();
        var key = await IssueAsync(app, Roles.Admin);
        await using var scope = await app.ScopeForUserAsync(TestApp.AdminEmail);
        var db = scope.ServiceProvider.GetRequiredService<CampaignStudio.Data.AppDbContext>();

        var stored = Assert.Single(db.ApiKeys.ToList());
        var listed = Assert.Single(await scope.ServiceProvider.GetRequiredService<ApiKeyService>().ListAsync());

        Assert.Equal(32, stored.Hash.Length);
        Assert.DoesNotContain(key[^20..], listed.Hint);
        Assert.DoesNotContain(key[^20..], System.Text.Encoding.UTF8.GetString(stored.Hash));
    }

    [Fact]
    public async Task OpenApiDocument_DescribesEndpointsAndApiKeyScheme()
    {
        await using var app = await TestApp.StartAsync(kind);
        await app.CreateFirstAdminAsync();
        using var client = app.CreateClient();

        var document = await client.GetFromJsonAsync<JsonElement>("/openapi/v1.json");

        Assert.True(document.GetProperty("paths").TryGetProperty("/api/v1/me", out _));
        var scheme = document.GetProperty("components").GetProperty("securitySchemes").GetProperty("ApiKey");
        Assert.Equal("apiKey", scheme.GetProperty("type").GetString());
        Assert.Equal("X-Api-Key", scheme.GetProperty("name").GetString());
        Assert.Equal("header", scheme.GetProperty("in").GetString());
    }
}
