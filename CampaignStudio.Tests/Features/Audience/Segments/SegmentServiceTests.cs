using CampaignStudio.Features.Audience.Segments;
using CampaignStudio.Features.Shared;
using CampaignStudio.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using static CampaignStudio.Tests.Features.Audience.Segments.Rules;

namespace CampaignStudio.Tests.Features.Audience.Segments;

/// <summary>Saved segments: who may do what, names, revisions.</summary>
public abstract class SegmentServiceTests(DatabaseKind kind)
{
    public sealed class OnSqlite() : SegmentServiceTests(DatabaseKind.Sqlite);

    public sealed class OnMySql() : SegmentServiceTests(DatabaseKind.MySql);

    private static readonly SegmentDefinition Vips = Where(Tag("vip"));

    private readonly FakeTimeProvider clock = new(new DateTimeOffset(SegmentWorld.Now));

    [Fact]
    public async Task Analyst_CanCountButNotCreateUpdateOrDelete()
    {
        await using var app = await SegmentWorld.StartAppAsync(kind, clock);
        await app.CreateUserAsync(SegmentWorld.AnalystEmail, CampaignStudio.Features.Identity.Roles.Analyst);
        var saved = await AsAsync(app, SegmentWorld.ManagerEmail, s => s.CreateAsync("VIPs", null, Vips));
        await using var scope = await app.ScopeForUserAsync(SegmentWorld.AnalystEmail);
        var service = scope.ServiceProvider.GetRequiredService<SegmentService>();

        Assert.Equal(0, await service.CountAsync(Vips));
        Assert.Single(await service.ListAsync());
        var refused = await Assert.ThrowsAsync<ForbiddenException>(() => service.CreateAsync("Mine", null, Vips));
        await Assert.ThrowsAsync<ForbiddenException>(() => service.UpdateAsync(saved.Id, "Renamed", null, Vips, saved.Revision));
        await Assert.ThrowsAsync<ForbiddenException>(() => service.DeleteAsync(saved.Id));
        Assert.Contains("manage campaigns", refused.Message);
        Assert.Equal("VIPs", Assert.Single(await service.ListAsync()).Name);
    }

    [Fact]
    public async Task CreateGetUpdateDelete_KeepTheRulesAndTrackRevisions()
    {
        await using var app = await SegmentWorld.StartAppAsync(kind, clock);
        var rules = All(Tag("dealer"), SumInLastDays("lifting", "mt", 90, RuleOperator.Gt, 100));

        var created = await AsAsync(app, SegmentWorld.ManagerEmail, s => s.CreateAsync("  Big lifters ", "Dealers above 100 MT", rules));
        clock.Advance(TimeSpan.FromMinutes(5));
        var updated = await AsAsync(app, SegmentWorld.ManagerEmail, s => s.UpdateAsync(created.Id, "Big lifters", null, Vips, created.Revision));
        var read = await AsAsync(app, TestApp.AdminEmail, s => s.GetAsync(created.Id));

        Assert.Equal("Big lifters", created.Name);
        Assert.Equal(1, created.Revision);
        Assert.Equal(SegmentJson.Serialize(rules), SegmentJson.Serialize(created.Definition));
        Assert.Equal(2, updated.Revision);
        Assert.Equal(SegmentJson.Serialize(Vips), SegmentJson.Serialize(read.Definition));
        Assert.Null(read.Description);
        Assert.Equal(SegmentWorld.Now, read.CreatedUtc);
        Assert.Equal(SegmentWorld.Now.AddMinutes(5), read.UpdatedUtc);
        Assert.Equal("Test User", read.CreatedByName);

        await AsAsync(app, SegmentWorld.ManagerEmail, async s => { await s.DeleteAsync(created.Id); return 0; });

        await Assert.ThrowsAsync<NotFoundException>(() => AsAsync(app, SegmentWorld.ManagerEmail, s => s.GetAsync(created.Id)));
    }

    [Fact]
    public async Task Update_FromAnOlderRevision_IsAConflictAndChangesNothing()
    {
        await using var app = await SegmentWorld.StartAppAsync(kind, clock);
        var created = await AsAsync(app, SegmentWorld.ManagerEmail, s => s.CreateAsync("VIPs", null, Vips));
        await AsAsync(app, TestApp.AdminEmail, s => s.UpdateAsync(created.Id, "VIPs (admin)", null, Vips, created.Revision));

        var conflict = await Assert.ThrowsAsync<ConflictException>(() =>
            AsAsync(app, SegmentWorld.ManagerEmail, s => s.UpdateAsync(created.Id, "VIPs (manager)", null, Vips, created.Revision)));

        Assert.Contains("Someone else changed", conflict.Message);
        Assert.Equal("VIPs (admin)", (await AsAsync(app, SegmentWorld.ManagerEmail, s => s.GetAsync(created.Id))).Name);
    }

    [Fact]
    public async Task Names_AreUniqueRegardlessOfCase()
    {
        await using var app = await SegmentWorld.StartAppAsync(kind, clock);
        await AsAsync(app, SegmentWorld.ManagerEmail, s => s.CreateAsync("VIPs", null, Vips));
        var other = await AsAsync(app, SegmentWorld.ManagerEmail, s => s.CreateAsync("Dealers", null, Where(Tag("dealer"))));

        var duplicate = await Assert.ThrowsAsync<ConflictException>(() => AsAsync(app, SegmentWorld.ManagerEmail, s => s.CreateAsync("vips", null, Vips)));
        await Assert.ThrowsAsync<ConflictException>(() => AsAsync(app, SegmentWorld.ManagerEmail, s => s.UpdateAsync(other.Id, "VIPS", null, Vips, other.Revision)));

        Assert.Equal("A segment named 'vips' already exists; choose another name.", duplicate.Message);
        Assert.Equal(["Dealers", "VIPs"], (await AsAsync(app, SegmentWorld.ManagerEmail, s => s.ListAsync())).Select(s => s.Name));
    }

    [Fact]
    public async Task Create_InvalidNameOrRules_IsRefusedWithFieldErrors()
    {
        await using var app = await SegmentWorld.StartAppAsync(kind, clock);

        var noName = await Assert.ThrowsAsync<ValidationFailedException>(() => AsAsync(app, SegmentWorld.ManagerEmail, s => s.CreateAsync(" ", null, Vips)));
        var longName = await Assert.ThrowsAsync<ValidationFailedException>(() => AsAsync(app, SegmentWorld.ManagerEmail, s => s.CreateAsync(new string('x', 101), null, Vips)));
        var badRules = await Assert.ThrowsAsync<ValidationFailedException>(() =>
            AsAsync(app, SegmentWorld.ManagerEmail, s => s.CreateAsync("Postcodes", null, Where(Field("postcode", RuleOperator.EqualTo, "411001")))));

        Assert.Contains("Name", noName.Errors.Keys);
        Assert.Contains("Name", longName.Errors.Keys);
        Assert.Contains("root.rules[0].field", badRules.Errors.Keys);
        Assert.Empty(await AsAsync(app, SegmentWorld.ManagerEmail, s => s.ListAsync()));
    }

    private static async Task<T> AsAsync<T>(TestApp app, string user, Func<SegmentService, Task<T>> act)
    {
        await using var scope = await app.ScopeForUserAsync(user);
        return await act(scope.ServiceProvider.GetRequiredService<SegmentService>());
    }
}
