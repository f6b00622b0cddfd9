using System.Net;
using CampaignStudio.Features.Identity;
using CampaignStudio.Features.Shared;
using CampaignStudio.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace CampaignStudio.Tests.Features.Identity;

public abstract class SetupTests(DatabaseKind kind)
{
    public sealed class OnSqlite() : SetupTests(DatabaseKind.Sqlite);

    public sealed class OnMySql() : SetupTests(DatabaseKind.MySql);

    [Theory]
    [InlineData("/")]
    [InlineData("/campaigns")]
    [InlineData("/account/login")]
    [InlineData("/users")]
    public async Task EmptyDatabase_AnyPage_RedirectsToSetup(string path)
    {
        await using var app = await TestApp.StartAsync(kind);
        using var client = app.CreateBrowserLikeClient();

        var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/setup", response.Headers.Location!.PathAndQuery());
    }

    [Fact]
    public async Task EmptyDatabase_HealthAndApi_AreNotRedirected()
    {
        await using var app = await TestApp.StartAsync(kind);
        using var client = app.CreateBrowserLikeClient();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/v1/me")).StatusCode);
    }

    [Fact]
    public async Task SetupForm_ValidAdmin_CreatesAdminSignsInAndClosesSetup()
    {
        await using var app = await TestApp.StartAsync(kind);
        using var client = app.CreateBrowserLikeClient();

        var created = await SsrForms.SubmitAsync(client, "/setup", "setup", new Dictionary<string, string>
        {
            ["Input.DisplayName"] = "Ada Admin",
            ["Input.Email"] = "ada@example.test",
            ["Input.Password"] = TestApp.Password,
        });

        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        Assert.Equal("/", created.Headers.Location!.PathAndQuery());
        var dashboard = await client.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode);
        Assert.Contains("Dashboard", await dashboard.Content.ReadAsStringAsync());

        var setupAgain = await client.GetAsync("/setup");
        Assert.Equal(HttpStatusCode.Redirect, setupAgain.StatusCode);
        Assert.Equal("/account/login", setupAgain.Headers.Location!.PathAndQuery());

        await using var scope = app.Services.CreateAsyncScope();
        var users = await (await app.ScopeForUserAsync("ada@example.test")).ServiceProvider.GetRequiredService<UserAdminService>().ListAsync();
        var admin = Assert.Single(users);
        Assert.Equal([Roles.Admin], admin.Roles);
    }

    [Fact]
    public async Task SetupForm_WeakPassword_ShowsMessageNextToFieldAndCreatesNothing()
    {
        await using var app = await TestApp.StartAsync(kind);
        using var client = app.CreateBrowserLikeClient();

        var response = await SsrForms.SubmitAsync(client, "/setup", "setup", new Dictionary<string, string>
        {
            ["Input.DisplayName"] = "Ada Admin",
            ["Input.Email"] = "ada@example.test",
            ["Input.Password"] = "short",
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Passwords must be at least 10 characters", await response.Content.ReadAsStringAsync());
        await using var scope = app.Services.CreateAsyncScope();
        Assert.False(await scope.ServiceProvider.GetRequiredService<SetupService>().IsCompleteAsync());
    }

    [Fact]
    public async Task CreateFirstAdmin_Twice_SecondIsRefused()
    {
        await using var app = await TestApp.StartAsync(kind);
        await app.CreateFirstAdminAsync();

        var refused = await Assert.ThrowsAsync<ConflictException>(() => app.CreateFirstAdminAsync("other@example.test"));

        Assert.Contains("already complete", refused.Message);
    }

    [Fact]
    public async Task CreateFirstAdmin_Concurrently_ExactlyOneSucceeds()
    {
        await using var app = await TestApp.StartAsync(kind);

        var attempts = await Task.WhenAll(Enumerable.Range(0, 4).Select(async i =>
        {
            try
            {
                await app.CreateFirstAdminAsync($"admin{i}@example.test");
                return true;
            }
            catch (ConflictException)
            {
                return false;
            }
        }));

        Assert.Equal(1, attempts.Count(ok => ok));
    }
}
