using System.Net;
using CampaignStudio.Features.Identity;
using CampaignStudio.Features.Operations;
using CampaignStudio.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace CampaignStudio.Tests.Features.Operations;

public sealed class OperationsCommandParsingTests
{
    [Fact]
    public void Parse_CreateAdmin_TakesItsOptionsAndLeavesHostArguments()
    {
        var command = OperationsCommand.Parse(["create-admin", "--email", "a@b.test", "--password", "P", "--urls", "http://localhost:1"]);

        Assert.Equal("create-admin", command.Verb);
        Assert.Equal(["--urls", "http://localhost:1"], command.HostArgs);
        Assert.False(command.SeedDemo);
    }

    [Fact]
    public void Parse_SeedDemoFlag_RunsTheAppAfterwards()
    {
        var command = OperationsCommand.Parse(["--seed-demo", "--urls", "http://localhost:1"]);

        Assert.Null(command.Verb);
        Assert.True(command.SeedDemo);
        Assert.Equal(["--urls", "http://localhost:1"], command.HostArgs);
    }
}

/// <summary>The commands exactly as an operator runs them: the app's executable in its own process.</summary>
public abstract class OperationsCommandTests(DatabaseKind kind)
{
    public sealed class OnSqlite() : OperationsCommandTests(DatabaseKind.Sqlite);

    public sealed class OnMySql() : OperationsCommandTests(DatabaseKind.MySql);

    [Fact]
    public async Task CreateAdmin_ThenCreateApiKey_KeyAuthenticatesTheApi()
    {
        await using var database = await TestDatabase.CreateAsync(kind);

        var admin = await AppProcess.RunAsync(database, "create-admin", "--email", "ops@example.test", "--password", TestApp.Password);
        var key = await AppProcess.RunAsync(database, "create-api-key", "--name", "CRM sync", "--role", "CampaignManager");

        Assert.True(admin.ExitCode == 0, admin.Error);
        Assert.Contains("Created the first admin ops@example.test", admin.Output);
        Assert.True(key.ExitCode == 0, key.Error);
        var secret = key.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Last();
        Assert.StartsWith("csk_", secret);

        await using var app = await TestApp.StartAsync(kind, database.Settings.ToDictionary());
        using var client = app.CreateClient();
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/me");
        request.Headers.Add("X-Api-Key", secret);
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(request)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await app.CreateBrowserLikeClient().GetAsync("/setup")).StatusCode);
    }

    [Fact]
    public async Task CreateAdmin_WeakPassword_ExitsWithFieldMessage()
    {
        await using var database = await TestDatabase.CreateAsync(kind);

        var result = await AppProcess.RunAsync(database, "create-admin", "--email", "ops@example.test", "--password", "weak");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--password: Passwords must be at least 10 characters", result.Error);
    }

    [Fact]
    public async Task CreateApiKey_UnknownRole_ExitsWithListOfRoles()
    {
        await using var database = await TestDatabase.CreateAsync(kind);

        var result = await AppProcess.RunAsync(database, "create-api-key", "--name", "x", "--role", "Root");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("'Root' is not a role. Roles are Admin, CampaignManager, Approver, Analyst.", result.Error);
    }

    [Fact]
    public async Task CreateAdmin_WhenSetupIsComplete_AddsAnotherAdmin()
    {
        await using var database = await TestDatabase.CreateAsync(kind);
        await AppProcess.RunAsync(database, "create-admin", "--email", "first@example.test", "--password", TestApp.Password);

        var second = await AppProcess.RunAsync(database, "create-admin", "--email", "second@example.test", "--password", TestApp.Password, "--name", "Second Admin");

        Assert.True(second.ExitCode == 0, second.Error);
        await using var app = await TestApp.StartAsync(kind, database.Settings.ToDictionary());
        await using var scope = await app.ScopeForUserAsync("first@example.test");
        var users = await scope.ServiceProvider.GetRequiredService<UserAdminService>().ListAsync();
        Assert.Contains(users, u => u.Email == "second@example.test" && u.DisplayName == "Second Admin" && u.Roles.Contains(Roles.Admin));
    }

    [Fact]
    public async Task SeedDemo_OnNonEmptyWorkspace_RefusesWithClearMessage()
    {
        await using var database = await TestDatabase.CreateAsync(kind);
        await AppProcess.RunAsync(database, "create-admin", "--email", "first@example.test", "--password", TestApp.Password);
        await using (var app = await TestApp.StartAsync(kind, database.Settings.ToDictionary()))
        {
            await app.CreateUserAsync("x@example.test", Roles.Analyst, name: "X", adminEmail: "first@example.test");
        }

        var result = await AppProcess.RunAsync(database, "--seed-demo", "--urls", "http://127.0.0.1:0");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("Demo data goes only into an empty workspace", result.Error);
    }
}
