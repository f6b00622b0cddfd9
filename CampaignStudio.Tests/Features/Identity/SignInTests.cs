using System.Net;
using CampaignStudio.Features.Identity;
using CampaignStudio.Tests.TestSupport;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CampaignStudio.Tests.Features.Identity;

public abstract class SignInTests(DatabaseKind kind)
{
    public sealed class OnSqlite() : SignInTests(DatabaseKind.Sqlite);

    public sealed class OnMySql() : SignInTests(DatabaseKind.MySql);

    [Fact]
    public async Task SignIn_RightPassword_ReachesDashboardAndRecordsSignIn()
    {
        await using var app = await TestApp.StartAsync(kind);
        await app.CreateFirstAdminAsync();
        using var client = app.CreateBrowserLikeClient();

        var response = await SsrForms.SignInAsync(client, TestApp.AdminEmail, TestApp.Password);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/")).StatusCode);
        await using var scope = await app.ScopeForUserAsync(TestApp.AdminEmail);
        var admin = Assert.Single(await scope.ServiceProvider.GetRequiredService<UserAdminService>().ListAsync());
        Assert.NotNull(admin.LastSignInUtc);
    }

    [Fact]
    public async Task SignIn_WrongPassword_SaysSoAndStaysOnLogin()
    {
        await using var app = await TestApp.StartAsync(kind);
        await app.CreateFirstAdminAsync();
        using var client = app.CreateBrowserLikeClient();

        var response = await SsrForms.SignInAsync(client, TestApp.AdminEmail, "Wrong-password-1");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Wrong email or password.", await response.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/")).StatusCode);
    }

    [Fact]
    public async Task SignIn_FiveWrongPasswords_LocksTheAccountEvenForTheRightOne()
    {
        await using var app = await TestApp.StartAsync(kind);
        await app.CreateFirstAdminAsync();
        await app.CreateUserAsync("mallory@example.test", Roles.Analyst);
        using var client = app.CreateBrowserLikeClient();

        for (var i = 0; i < 5; i++)
        {
            await SsrForms.SignInAsync(client, "mallory@example.test", $"Wrong-password-{i}");
        }

        var response = await SsrForms.SignInAsync(client, "mallory@example.test", TestApp.Password);

        Assert.Contains("locked until", await response.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/")).StatusCode);
    }

    [Fact]
    public async Task SignIn_DeactivatedUser_IsRefusedWithReason()
    {
        await using var app = await TestApp.StartAsync(kind);
        await app.CreateFirstAdminAsync();
        var analyst = await app.CreateUserAsync("ann@example.test", Roles.Analyst);
        await using (var scope = await app.ScopeForUserAsync(TestApp.AdminEmail))
        {
            await scope.ServiceProvider.GetRequiredService<UserAdminService>().DeactivateAsync(analyst.Id);
        }

        using var client = app.CreateBrowserLikeClient();
        var response = await SsrForms.SignInAsync(client, "ann@example.test", TestApp.Password);

        Assert.Contains("deactivated", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Revalidation_AfterDeactivation_InvalidatesTheSession()
    {
        await using var app = await TestApp.StartAsync(kind);
        await app.CreateFirstAdminAsync();
        var analyst = await app.CreateUserAsync("ann@example.test", Roles.Analyst);
        await using var analystScope = await app.ScopeForUserAsync("ann@example.test");
        var principal = await analystScope.ServiceProvider.GetRequiredService<CurrentUser>().GetPrincipalAsync();
        var users = analystScope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var options = analystScope.ServiceProvider.GetRequiredService<IOptions<IdentityOptions>>().Value;
        Assert.True(await RevalidatingUserAuthenticationStateProvider.IsStillValidAsync(users, principal, options));

        await using (var adminScope = await app.ScopeForUserAsync(TestApp.AdminEmail))
        {
            await adminScope.ServiceProvider.GetRequiredService<UserAdminService>().DeactivateAsync(analyst.Id);
        }

        await using var fresh = app.Services.CreateAsyncScope();
        Assert.False(await RevalidatingUserAuthenticationStateProvider.IsStillValidAsync(
            fresh.ServiceProvider.GetRequiredService<UserManager<AppUser>>(), principal, options));
    }

    [Fact]
    public async Task SignOut_Post_EndsTheSession()
    {
        await using var app = await TestApp.StartAsync(kind);
        await app.CreateFirstAdminAsync();
        using var client = app.CreateBrowserLikeClient();
        await SsrForms.SignInAsync(client, TestApp.AdminEmail, TestApp.Password);

        var response = await PostSignOutAsync(client);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/login", response.Headers.Location!.PathAndQuery());
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/")).StatusCode);
    }

    private static async Task<HttpResponseMessage> PostSignOutAsync(HttpClient client)
    {
        // The sign-out form sits in the interactive user menu; its antiforgery token is the same as any page's.
        var page = await (await client.GetAsync("/account/login")).Content.ReadAsStringAsync();
        var token = System.Text.RegularExpressions.Regex.Match(page, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;
        return await client.PostAsync("/account/logout", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token) }));
    }
}
