using CampaignStudio.Data;
using CampaignStudio.Features.Audience.Contacts;
using CampaignStudio.Features.Identity;
using CampaignStudio.Features.Shared;
using CampaignStudio.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CampaignStudio.Tests.Features.Audience.Contacts;

public abstract class ContactDirectoryTests(DatabaseKind kind)
{
    public sealed class OnSqlite() : ContactDirectoryTests(DatabaseKind.Sqlite);

    public sealed class OnMySql() : ContactDirectoryTests(DatabaseKind.MySql);

    private static async Task<(TestApp App, AsyncServiceScope Scope, ContactDirectory Directory)> StartAsync(DatabaseKind kind)
    {
        var app = await TestApp.StartAsync(kind);
        await app.CreateFirstAdminAsync();
        var scope = await app.ScopeForUserAsync(TestApp.AdminEmail);
        var contacts = scope.ServiceProvider.GetRequiredService<ContactService>();
        await contacts.UpsertAsync(
        [
            new ContactInput { ExternalId = "D1", FirstName = "Ravi", LastName = "Kumar", Email = "ravi@example.com", Phone = "+919820012345", Company = "Shree Ganesh Traders", City = "Pune", Country = "IN", Tags = ["dealer"] },
            new ContactInput { ExternalId = "D2", FirstName = "Asha", LastName = "Patil", Email = "asha@example.com", Company = "Patil Cement Depot", City = "Nashik", Country = "IN", Tags = ["dealer", "vip"] },
            new ContactInput { ExternalId = "R1", FirstName = "Anna", LastName = "Schmidt", Email = "anna@example.de", City = "Berlin", Country = "DE" },
        ], allOrNothing: true);
        return (app, scope, scope.ServiceProvider.GetRequiredService<ContactDirectory>());
    }

    [Fact]
    public async Task List_SearchesFiltersSortsAndPages()
    {
        var (app, scope, directory) = await StartAsync(kind);
        await using var _ = app;
        await using var __ = scope;

        var all = await directory.ListAsync(new ContactQuery(Sort: ContactSort.Name));
        var byPrefix = await directory.ListAsync(new ContactQuery(Search: "pat"));
        var byEmail = await directory.ListAsync(new ContactQuery(Search: "RAVI@example.com"));
        var byPhone = await directory.ListAsync(new ContactQuery(Search: "+91 98200 12345"));
        var byTag = await directory.ListAsync(new ContactQuery(Tag: "vip"));
        var byCountry = await directory.ListAsync(new ContactQuery(Country: "de"));
        var secondPage = await directory.ListAsync(new ContactQuery(Sort: ContactSort.Name, Page: 1, PageSize: 2));

        Assert.Equal(3, all.Total);
        Assert.Equal(["Ravi Kumar", "Asha Patil", "Anna Schmidt"], all.Rows.Select(r => r.Name));
        Assert.Equal("ravi@example.com", all.Rows[0].Email);
        Assert.Equal("Asha Patil", Assert.Single(byPrefix.Rows).Name);
        Assert.Equal("Ravi Kumar", Assert.Single(byEmail.Rows).Name);
        Assert.Equal("Ravi Kumar", Assert.Single(byPhone.Rows).Name);
        Assert.Equal("Asha Patil", Assert.Single(byTag.Rows).Name);
        Assert.Equal("Anna Schmidt", Assert.Single(byCountry.Rows).Name);
        Assert.Equal(3, secondPage.Total);
        Assert.Equal("Anna Schmidt", Assert.Single(secondPage.Rows).Name);
    }

    [Fact]
    public async Task Create_DuplicateEmailOrBadPhone_GivesFieldErrorsAndStoresNothing()
    {
        var (app, scope, directory) = await StartAsync(kind);
        await using var _ = app;
        await using var __ = scope;

        var invalid = await Assert.ThrowsAsync<ValidationFailedException>(() => directory.CreateAsync(new ContactInput { Email = "ravi@example.com", Phone = "123" }));

        Assert.Contains("already has this email", invalid.Errors["email"].Single());
        Assert.Contains("phone", invalid.Errors.Keys);
        Assert.Equal(3, (await directory.ListAsync(new ContactQuery())).Total);
    }

    [Fact]
    public async Task Update_ReplacesTheProfile_ClearingBlankFieldsAndRemovedTags()
    {
        var (app, scope, directory) = await StartAsync(kind);
        await using var _ = app;
        await using var __ = scope;
        var asha = (await directory.ListAsync(new ContactQuery(Search: "asha@example.com"))).Rows.Single();

        await directory.UpdateAsync(asha.Id, new ContactInput { ExternalId = "D2", FirstName = "Asha", LastName = "Patil-Rao", Email = "asha@example.com", Tags = ["dealer"] });

        var details = await scope.ServiceProvider.GetRequiredService<ContactService>().GetAsync(asha.Id);
        Assert.Equal("Patil-Rao", details.LastName);
        Assert.Null(details.Company);
        Assert.Null(details.City);
        Assert.Equal(["dealer"], details.Tags);
    }

    [Fact]
    public async Task BulkTagAndDelete_ApplyToTheSelectionOnly_DeleteTakesEventsAlong()
    {
        var (app, scope, directory) = await StartAsync(kind);
        await using var _ = app;
        await using var __ = scope;
        var rows = (await directory.ListAsync(new ContactQuery(Country: "IN"))).Rows;
        await scope.ServiceProvider.GetRequiredService<EventService>().RecordAsync([new EventInput { ExternalId = "D1", Name = "lifting", Properties = System.Text.Json.JsonDocument.Parse("{\"mt\": 12}").RootElement }]);

        var tagged = await directory.TagAsync(rows.Select(r => r.Id).ToList(), "Q4 Push", add: true);
        var deleted = await directory.DeleteAsync([rows.Single(r => r.ExternalId == "D1").Id]);

        Assert.Equal(2, tagged);
        Assert.Equal(1, deleted);
        Assert.Equal(["q4 push"], (await directory.ListAsync(new ContactQuery(Tag: "q4 push"))).Rows.SelectMany(r => r.Tags).Where(t => t == "q4 push"));
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        Assert.Equal(0, await db.ContactEvents.CountAsync());
        Assert.Equal(0, await db.ContactEventMeasures.CountAsync());
        Assert.Equal(2, (await directory.ListAsync(new ContactQuery())).Total);
    }

    [Fact]
    public async Task Analyst_CanListButNotChange()
    {
        var (app, scope, directory) = await StartAsync(kind);
        await using var _ = app;
        await using var __ = scope;
        await app.CreateUserAsync("ann@example.test", Roles.Analyst);
        await using var analystScope = await app.ScopeForUserAsync("ann@example.test");
        var analyst = analystScope.ServiceProvider.GetRequiredService<ContactDirectory>();

        Assert.Equal(3, (await analyst.ListAsync(new ContactQuery())).Total);
        await Assert.ThrowsAsync<ForbiddenException>(() => analyst.CreateAsync(new ContactInput { Email = "new@example.com" }));
        await Assert.ThrowsAsync<ForbiddenException>(() => analyst.DeleteAsync([1]));
        await Assert.ThrowsAsync<ForbiddenException>(() => analyst.TagAsync([1], "x", add: true));
    }
}
