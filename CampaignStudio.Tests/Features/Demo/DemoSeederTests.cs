using CampaignStudio.Features.Demo;
using CampaignStudio.Features.Identity;
using CampaignStudio.Features.Shared;
using CampaignStudio.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace CampaignStudio.Tests.Features.Demo;

public abstract class DemoSeederTests(DatabaseKind kind)
{
    public sealed class OnSqlite() : DemoSeederTests(DatabaseKind.Sqlite);

    public sealed class OnMySql() : DemoSeederTests(DatabaseKind.MySql);

    [Fact]
    public async Task Seed_EmptyWorkspaceWithFirstAdmin_AddsOnePersonPerRole()
    {
        await using var app = await TestApp.StartAsync(kind);
        await app.CreateFirstAdminAsync();
        await using var scope = await app.ScopeForUserAsync(TestApp.AdminEmail);
        var seeder = scope.ServiceProvider.GetRequiredService<DemoSeeder>();
        Assert.True(await seeder.IsWorkspaceEmptyAsync());

        var result = await seeder.SeedAsync();

        var users = await scope.ServiceProvider.GetRequiredService<UserAdminService>().ListAsync();
        Assert.Equal(5, users.Count);
        Assert.All(Roles.All, role => Assert.Contains(users, u => u.Roles.Contains(role.Name)));
        Assert.False(await seeder.IsWorkspaceEmptyAsync());
        Assert.Contains(result.Lines, l => l.Contains("Rohan Mehta"));
    }

    [Fact]
    public async Task Seed_NonEmptyWorkspace_IsRefusedAndChangesNothing()
    {
        await using var app = await TestApp.StartAsync(kind);
        await app.CreateFirstAdminAsync();
        await app.CreateUserAsync("someone@example.test", Roles.Analyst);
        await using var scope = await app.ScopeForUserAsync(TestApp.AdminEmail);

        var refused = await Assert.ThrowsAsync<DomainException>(() => scope.ServiceProvider.GetRequiredService<DemoSeeder>().SeedAsync());

        Assert.Contains("only into an empty workspace", refused.Message);
        Assert.Equal(2, (await scope.ServiceProvider.GetRequiredService<UserAdminService>().ListAsync()).Count);
    }

    [Fact]
    public async Task Seed_ByCampaignManager_IsForbidden()
    {
        await using var app = await TestApp.StartAsync(kind);
        await app.CreateFirstAdminAsync();
        await app.CreateUserAsync("cm@example.test", Roles.CampaignManager);
        await using var scope = await app.ScopeForUserAsync("cm@example.test");

        await Assert.ThrowsAsync<ForbiddenException>(() => scope.ServiceProvider.GetRequiredService<DemoSeeder>().SeedAsync());
    }
}
