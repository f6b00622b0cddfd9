using System.Net;
using CampaignStudio.Data;
using CampaignStudio.Features.Identity;
using CampaignStudio.Tests.TestSupport;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CampaignStudio.Tests.Data;

public abstract class DatabaseTests(DatabaseKind kind)
{
    public sealed class OnSqlite() : DatabaseTests(DatabaseKind.Sqlite);

    public sealed class OnMySql() : DatabaseTests(DatabaseKind.MySql);

    [Fact]
    public async Task Health_DatabaseAnswers_Is200()
    {
        await using var app = await TestApp.StartAsync(kind);

        var response = await app.CreateClient().GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Health_DatabaseDown_Is503()
    {
        var unreachable = kind == DatabaseKind.Sqlite
            ? $"Data Source={Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N"), "missing.db")};Mode=ReadOnly"
            : "Server=127.0.0.1;Port=1;User ID=nobody;Password=x;Database=none;Connection Timeout=2";
        await using var app = await TestApp.StartAsync(kind, new Dictionary<string, string?>
        {
            ["ConnectionStrings:Default"] = unreachable,
            ["Database:MigrateOnStartup"] = "false",
            ["Database:MySqlServerVersion"] = "10.11.0-mariadb",
        });

        var response = await app.CreateClient().GetAsync("/health");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
    }

    [Fact]
    public async Task Migrations_CreateEveryTableAndSeedTheFourRoles()
    {
        await using var app = await TestApp.StartAsync(kind);
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();

        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        var roles = await db.Roles.Select(r => r.Name).OrderBy(n => n).ToListAsync();
        Assert.Equal([Roles.Admin, Roles.Analyst, Roles.Approver, Roles.CampaignManager], roles);
    }

    [Fact]
    public async Task MigrateOnStartupOff_LeavesTheDatabaseUntouched()
    {
        await using var app = await TestApp.StartAsync(kind, new Dictionary<string, string?> { ["Database:MigrateOnStartup"] = "false" });
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();

        Assert.NotEmpty(await db.Database.GetPendingMigrationsAsync());
    }

    [Fact]
    public async Task Instants_SameLinqQueryFiltersAndSortsOnBothProvidersAndReadsBackUtc()
    {
        await using var app = await TestApp.StartAsync(kind);
        var now = new DateTime(2026, 11, 23, 12, 0, 0, DateTimeKind.Utc);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            foreach (var (email, created, lockout) in new[]
                     {
                         ("old@example.test", now.AddDays(-10), (DateTimeOffset?)null),
                         ("mid@example.test", now.AddHours(-1), new DateTimeOffset(DateTime.SpecifyKind(now.AddHours(5), DateTimeKind.Unspecified), TimeSpan.FromHours(5.5))),
                         ("new@example.test", now.AddMinutes(-1), new DateTimeOffset(now.AddHours(1), TimeSpan.Zero)),
                     })
            {
                var user = new AppUser { UserName = email, Email = email, DisplayName = email, CreatedUtc = created, LockoutEnd = lockout };
                Assert.True((await users.CreateAsync(user)).Succeeded);
            }
        }

        await using var read = app.Services.CreateAsyncScope();
        var db = read.ServiceProvider.GetRequiredService<AppDbContext>();
        var since = now.AddDays(-1);
        var recent = await db.Users.Where(u => u.CreatedUtc > since).OrderByDescending(u => u.CreatedUtc).ToListAsync();
        var lockedAfter = new DateTimeOffset(now.AddHours(2), TimeSpan.Zero);
        var stillLocked = await db.Users.Where(u => u.LockoutEnd > lockedAfter).OrderBy(u => u.LockoutEnd).Select(u => u.Email).ToListAsync();

        Assert.Equal(["new@example.test", "mid@example.test"], recent.Select(u => u.Email));
        Assert.All(recent, u => Assert.Equal(DateTimeKind.Utc, u.CreatedUtc.Kind));
        Assert.Equal(now.AddMinutes(-1), recent[0].CreatedUtc);
        // 17:00 +05:30 is 11:30 UTC, before 14:00 UTC; 13:00 UTC likewise: neither is after the cut-off.
        Assert.Empty(stillLocked);
        var ordered = await db.Users.Where(u => u.LockoutEnd != null).OrderBy(u => u.LockoutEnd).Select(u => u.Email).ToListAsync();
        Assert.Equal(["mid@example.test", "new@example.test"], ordered);
    }

    [Fact]
    public async Task SignInCookie_SurvivesARestart_BecauseKeysLiveInTheDatabase()
    {
        await using var database = await TestDatabase.CreateAsync(kind);
        string authCookie;
        await using (var first = await TestApp.StartAsync(kind, database.Settings.ToDictionary()))
        {
            await first.CreateFirstAdminAsync();
            using var client = first.CreateBrowserLikeClient();
            var signedIn = await SsrForms.SignInAsync(client, TestApp.AdminEmail, TestApp.Password);
            authCookie = signedIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("CampaignStudio.Auth=", StringComparison.Ordinal)).Split(';')[0];
            await using var scope = first.Services.CreateAsyncScope();
            Assert.NotEmpty(await scope.ServiceProvider.GetRequiredService<AppDbContext>().DataProtectionKeys.ToListAsync());
        }

        await using var second = await TestApp.StartAsync(kind, database.Settings.ToDictionary());
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.Add("Cookie", authCookie);

        var response = await second.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false }).SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}

public sealed class SqliteSpecificTests
{
    [Fact]
    public async Task Sqlite_RunsInWriteAheadLogMode()
    {
        await using var app = await TestApp.StartAsync(DatabaseKind.Sqlite);
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();

        var mode = await db.Database.SqlQueryRaw<string>("PRAGMA journal_mode").ToListAsync();

        Assert.Equal("wal", Assert.Single(mode));
    }

    [Fact]
    public void SqliteDefault_IsAFileUnderAppDataOfTheContentRoot()
    {
        var root = Path.Combine(Path.GetTempPath(), "cs-root-" + Guid.NewGuid().ToString("N")[..8]);

        var connection = SqliteConnectionStrings.Resolve(null, new DatabaseOptions().SqliteFile, root);

        Assert.Contains($"Data Source={Path.Combine(root, "App_Data", "campaignstudio.db")}", connection);
        Assert.True(Directory.Exists(Path.Combine(root, "App_Data")));
        Directory.Delete(root, recursive: true);
    }
}
