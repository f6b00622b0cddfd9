using CampaignStudio.Data;
using CampaignStudio.Features.Audience.Contacts;
using CampaignStudio.Features.Demo;
using CampaignStudio.Features.Identity;
using CampaignStudio.Features.Shared;
using CampaignStudio.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CampaignStudio.Tests.Features.Audience.Import;

/// <summary>The demo seed's contacts come in through the CSV import, inside the seed's one transaction.</summary>
public abstract class DemoContactsImportTests(DatabaseKind kind)
{
    public sealed class OnSqlite() : DemoContactsImportTests(DatabaseKind.Sqlite);

    public sealed class OnMySql() : DemoContactsImportTests(DatabaseKind.MySql);

    [Fact]
    public async Task Seed_CreatesContactsThroughTheImport_AndTheirEvents()
    {
        await using var app = await TestApp.StartAsync(kind);
        await app.CreateFirstAdminAsync();
        await using var scope = await app.ScopeForUserAsync(TestApp.AdminEmail);
        var seeder = scope.ServiceProvider.GetRequiredService<DemoSeeder>();

        var result = await seeder.SeedAsync();

        Assert.Contains(result.Lines, l => l.StartsWith("Contacts: ", StringComparison.Ordinal) && l.Contains("imported from a CSV file"));
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        var contacts = await db.Contacts.AsNoTracking().Include(c => c.Tags).Include(c => c.Consents).ToListAsync();
        Assert.InRange(contacts.Count, 450, 550);
        Assert.All(contacts, c => Assert.NotNull(c.PhoneHash));
        Assert.All(contacts, c => Assert.Contains(c.Tags, t => t.Tag is "dealer" or "retail"));
        Assert.Contains(contacts, c => c.Company == "Shree Ganesh Traders");
        Assert.Equal(["DE", "GB", "IN", "US"], contacts.Select(c => c.Country!).Distinct().Order());
        Assert.Equal(["Delhi", "Gujarat", "Karnataka", "Maharashtra", "Tamil Nadu"], contacts.Where(c => c.Country == "IN").Select(c => c.Region!).Distinct().Order());
        Assert.Contains(contacts, c => c.Tags.Any(t => t.Tag == "vip"));
        Assert.Contains(contacts, c => c.Consents.Any(x => x.Channel == Channel.WhatsApp && x.Status == ConsentStatus.Granted));
        Assert.True(contacts.Count(c => c.PhoneRegion == "IN") > 400);

        var dealerIds = contacts.Where(c => c.Tags.Any(t => t.Tag == "dealer")).Select(c => c.Id).ToHashSet();
        var liftings = await db.ContactEventMeasures.AsNoTracking().Where(m => m.EventName == "lifting" && m.Key == "mt").ToListAsync();
        Assert.NotEmpty(liftings);
        Assert.All(liftings, m => Assert.Contains(m.ContactId, dealerIds));
        Assert.All(liftings, m => Assert.InRange(m.OccurredUtc, DateTime.UtcNow.AddMonths(-7), DateTime.UtcNow));
        Assert.True(await db.ContactEventMeasures.CountAsync(m => m.EventName == "purchase" && m.Key == "amount") > 100);
        Assert.False(await seeder.IsWorkspaceEmptyAsync());
    }

    [Fact]
    public async Task Seed_FailingAfterTheContacts_LeavesNoContactsOrEventsBehind()
    {
        await using var app = await TestApp.StartAsync(kind, services: s => s.AddScoped<IDemoDataContributor, FailingContributor>());
        await app.CreateFirstAdminAsync();
        await using var scope = await app.ScopeForUserAsync(TestApp.AdminEmail);

        await Assert.ThrowsAsync<InvalidOperationException>(() => scope.ServiceProvider.GetRequiredService<DemoSeeder>().SeedAsync());

        await using var db = await app.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        Assert.Equal(0, await db.Contacts.CountAsync());
        Assert.Equal(0, await db.ContactEvents.CountAsync());
        Assert.Equal(1, await db.Users.CountAsync());
    }

    [Fact]
    public async Task Seed_WhenContactsExist_IsRefusedAndChangesNothing()
    {
        await using var app = await TestApp.StartAsync(kind);
        await app.CreateFirstAdminAsync();
        await using var scope = await app.ScopeForUserAsync(TestApp.AdminEmail);
        await scope.ServiceProvider.GetRequiredService<ContactService>().UpsertAsync([new ContactInput { Email = "first@example.com" }], allOrNothing: true);

        var refused = await Assert.ThrowsAsync<DomainException>(() => scope.ServiceProvider.GetRequiredService<DemoSeeder>().SeedAsync());

        Assert.Contains("contacts", refused.Message);
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        Assert.Equal(1, await db.Contacts.CountAsync());
        Assert.Equal(1, await db.Users.CountAsync());
    }

    /// <summary>A contributor that runs after the contacts and fails: the seed must leave nothing behind.</summary>
    private sealed class FailingContributor : IDemoDataContributor
    {
        public int Order => 99;

        public string Name => "a failing part";

        public Task<bool> HasDataAsync(CancellationToken cancellationToken) => Task.FromResult(false);

        public Task<string> SeedAsync(DemoSeedContext context, CancellationToken cancellationToken) => throw new InvalidOperationException("Seeding failed on purpose.");
    }
}
