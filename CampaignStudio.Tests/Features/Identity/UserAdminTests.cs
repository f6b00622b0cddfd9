using System.Net;
using CampaignStudio.Features.Identity;
using CampaignStudio.Features.Shared;
using CampaignStudio.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace CampaignStudio.Tests.Features.Identity;

public abstract class UserAdminTests(DatabaseKind kind)
{
    public sealed class OnSqlite() : UserAdminTests(DatabaseKind.Sqlite);

    public sealed class OnMySql() : UserAdminTests(DatabaseKind.MySql);

    [Fact]
    public async Task Analyst_CallingAdminService_IsForbiddenAndNothingChanges()
    {
        await using var app = await TestApp.StartAsync(kind);
        await app.CreateFirstAdminAsync();
        await app.CreateUserAsync("ann@example.test", Roles.Analyst);
        await using var scope = await app.ScopeForUserAsync("ann@example.test");
        var service = scope.ServiceProvider.GetRequiredService<UserAdminService>();

        var refused = await Assert.ThrowsAsync<ForbiddenException>(() =>
            service.CreateAsync(new NewUser { DisplayName = "Eve", Email = "eve@example.test", Password = TestApp.Password, Roles = [Roles.Admin] }, "http://localhost"));
        await Assert.ThrowsAsync<ForbiddenException>(() => service.ListAsync());

        Assert.Contains("administer", refused.Message);
        await using var adminScope = await app.ScopeForUserAsync(TestApp.AdminEmail);
        Assert.DoesNotContain(await adminScope.ServiceProvider.GetRequiredService<UserAdminService>().ListAsync(), u => u.Email == "eve@example.test");
    }

    [Fact]
    public async Task Analyst_OpeningUsersPage_SeesAccessDenied()
    {
        await using var app = await TestApp.StartAsync(kind);
        await app.CreateFirstAdminAsync();
        await app.CreateUserAsync("ann@example.test", Roles.Analyst);
        using var client = app.CreateBrowserLikeClient();
        await SsrForms.SignInAsync(client, "ann@example.test", TestApp.Password);

        var response = await client.GetAsync("/users");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/access-denied", response.Headers.Location!.PathAndQuery());
        var html = await (await client.GetAsync(response.Headers.Location)).Content.ReadAsStringAsync();

        Assert.Contains("You do not have access to this page", html);
        Assert.DoesNotContain("users-table", html);
    }

    [Fact]
    public async Task Invite_AcceptWithNewPassword_UserCanSignIn()
    {
        await using var app = await TestApp.StartAsync(kind);
        await app.CreateFirstAdminAsync();
        CreatedUser created;
        await using (var scope = await app.ScopeForUserAsync(TestApp.AdminEmail))
        {
            created = await scope.ServiceProvider.GetRequiredService<UserAdminService>()
                .CreateAsync(new NewUser { DisplayName = "Ivy Invitee", Email = "ivy@example.test", Roles = [Roles.CampaignManager] }, "http://localhost");
        }

        Assert.True(created.User.IsInvitationPending);
        var link = new Uri(Assert.IsType<string>(created.InviteLink));
        using var client = app.CreateBrowserLikeClient();
        var query = System.Web.HttpUtility.ParseQueryString(link.Query);

        var accepted = await SsrForms.SubmitAsync(client, link.PathAndQuery, "accept-invite", new Dictionary<string, string>
        {
            ["Input.User"] = query["user"]!,
            ["Input.Code"] = query["code"]!,
            ["Input.Password"] = "Brand-New-Pass-7",
            ["Input.Confirm"] = "Brand-New-Pass-7",
        });

        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/")).StatusCode);
        using var second = app.CreateBrowserLikeClient();
        Assert.Equal(HttpStatusCode.Redirect, (await SsrForms.SignInAsync(second, "ivy@example.test", "Brand-New-Pass-7")).StatusCode);
    }

    [Fact]
    public async Task Invite_TamperedCode_IsRefused()
    {
        await using var app = await TestApp.StartAsync(kind);
        await app.CreateFirstAdminAsync();
        await using var scope = await app.ScopeForUserAsync(TestApp.AdminEmail);
        var created = await scope.ServiceProvider.GetRequiredService<UserAdminService>()
            .CreateAsync(new NewUser { DisplayName = "Ivy", Email = "ivy@example.test", Roles = [Roles.Analyst] }, "http://localhost");
        using var client = app.CreateBrowserLikeClient();

        var response = await SsrForms.SubmitAsync(client, "/account/accept-invite", "accept-invite", new Dictionary<string, string>
        {
            ["Input.User"] = created.User.Id,
            ["Input.Code"] = "not-the-code",
            ["Input.Password"] = "Brand-New-Pass-7",
            ["Input.Confirm"] = "Brand-New-Pass-7",
        });

        Assert.Contains("not valid any more", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task CreateUser_DuplicateEmailOrUnknownRole_GivesFieldErrors()
    {
        await using var app = await TestApp.StartAsync(kind);
        await app.CreateFirstAdminAsync();
        await using var scope = await app.ScopeForUserAsync(TestApp.AdminEmail);
        var service = scope.ServiceProvider.GetRequiredService<UserAdminService>();

        var duplicate = await Assert.ThrowsAsync<ValidationFailedException>(() =>
            service.CreateAsync(new NewUser { DisplayName = "Again", Email = TestApp.AdminEmail, Password = TestApp.Password, Roles = [Roles.Analyst] }, "http://localhost"));
        var unknownRole = await Assert.ThrowsAsync<ValidationFailedException>(() =>
            service.CreateAsync(new NewUser { DisplayName = "Rita", Email = "rita@example.test", Password = TestApp.Password, Roles = ["Superuser"] }, "http://localhost"));

        Assert.Contains(nameof(NewUser.Email), duplicate.Errors.Keys);
        Assert.Contains("'Superuser' is not a role", unknownRole.Errors[nameof(NewUser.Roles)].Single());
        Assert.Single(await service.ListAsync());
    }

    [Fact]
    public async Task LastActiveAdmin_CannotBeDemotedOrDeactivated()
    {
        await using var app = await TestApp.StartAsync(kind);
        await app.CreateFirstAdminAsync();
        var second = await app.CreateUserAsync("second@example.test", Roles.Admin);
        await using var scope = await app.ScopeForUserAsync("second@example.test");
        var service = scope.ServiceProvider.GetRequiredService<UserAdminService>();
        var first = (await service.ListAsync()).Single(u => u.Email == TestApp.AdminEmail);

        await service.DeactivateAsync(first.Id);
        var demoteSelf = await Assert.ThrowsAsync<DomainException>(() => service.SetRolesAsync(second.Id, [Roles.Analyst]));
        var deactivateSelf = await Assert.ThrowsAsync<DomainException>(() => service.DeactivateAsync(second.Id));

        Assert.Contains("own Admin role", demoteSelf.Message);
        Assert.Contains("your own account", deactivateSelf.Message);
    }

    [Fact]
    public async Task SetRoles_ChangesRolesAndRotatesSecurityStamp()
    {
        await using var app = await TestApp.StartAsync(kind);
        await app.CreateFirstAdminAsync();
        var user = await app.CreateUserAsync("carl@example.test", Roles.Analyst);
        await using var scope = await app.ScopeForUserAsync(TestApp.AdminEmail);

        var updated = await scope.ServiceProvider.GetRequiredService<UserAdminService>().SetRolesAsync(user.Id, [Roles.CampaignManager, Roles.Approver]);

        Assert.Equal([Roles.Approver, Roles.CampaignManager], updated.Roles);
    }
}
