using CampaignStudio.Data;
using CampaignStudio.Features.Audience.Contacts;
using CampaignStudio.Features.Shared;
using CampaignStudio.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CampaignStudio.Tests.Features.Audience.Contacts;

/// <summary>New contacts are inserted set-based; these tests pin down that each one gets its own id and children.</summary>
public abstract class ContactBulkWriteTests(DatabaseKind kind)
{
    public sealed class OnSqlite() : ContactBulkWriteTests(DatabaseKind.Sqlite);

    public sealed class OnMySql() : ContactBulkWriteTests(DatabaseKind.MySql);

    [Fact]
    public async Task Upsert_MixedBatch_EachNewContactGetsItsOwnIdTagsAndConsents_ExistingOnesAreUpdated()
    {
        await using var app = await TestApp.StartAsync(kind);
        await app.CreateFirstAdminAsync();
        await using var scope = await app.ScopeForUserAsync(TestApp.AdminEmail);
        var contacts = scope.ServiceProvider.GetRequiredService<ContactService>();
        var first = await contacts.UpsertAsync(
            [new ContactInput { ExternalId = "OLD-1", Email = "old1@example.com", FirstName = "Old" }, new ContactInput { Phone = "+919800000001" }],
            allOrNothing: true);

        var result = await contacts.UpsertAsync(
        [
            new ContactInput { ExternalId = "NEW-ID", FirstName = "ById", Tags = ["a"] },
            new ContactInput { Email = "only-email@example.com", FirstName = "ByEmail", Tags = ["b"], Consents = [new ConsentInput { Channel = Channel.Email, Status = ConsentStatus.Granted, Source = "form" }] },
            new ContactInput { Phone = "+44 7911 123456", FirstName = "ByPhone", Consents = [new ConsentInput { Channel = Channel.Sms, Status = ConsentStatus.Withdrawn }] },
            new ContactInput { ExternalId = "OLD-1", LastName = "Updated", Tags = ["c"] },
            new ContactInput { Phone = "+919800000001", FirstName = "PhoneUpdated" },
            new ContactInput { Email = "ONLY-EMAIL@example.com", LastName = "SameBatch", Tags = ["d"] },
        ], allOrNothing: true);

        Assert.Equal(
            [ItemOutcome.Created, ItemOutcome.Created, ItemOutcome.Created, ItemOutcome.Updated, ItemOutcome.Updated, ItemOutcome.Updated],
            result.Items.Select(i => i.Outcome));
        Assert.Equal(first.Items[0].ContactId, result.Items[3].ContactId);
        Assert.Equal(first.Items[1].ContactId, result.Items[4].ContactId);
        Assert.Equal(result.Items[1].ContactId, result.Items[5].ContactId);
        Assert.Equal(5, result.Items.Select(i => i.ContactId).Distinct().Count());

        var byId = await contacts.GetAsync(result.Items[0].ContactId!.Value);
        var byEmail = await contacts.GetAsync(result.Items[1].ContactId!.Value);
        var byPhone = await contacts.GetAsync(result.Items[2].ContactId!.Value);
        var old = await contacts.GetAsync(result.Items[3].ContactId!.Value);
        Assert.Equal(("NEW-ID", "ById"), (byId.ExternalId, byId.FirstName));
        Assert.Equal(["a"], byId.Tags);
        Assert.Equal(("only-email@example.com", "ByEmail", "SameBatch"), (byEmail.Email, byEmail.FirstName, byEmail.LastName));
        Assert.Equal(["b", "d"], byEmail.Tags);
        Assert.Equal((Channel.Email, ConsentStatus.Granted, "form"), (byEmail.Consents.Single().Channel, byEmail.Consents.Single().Status, byEmail.Consents.Single().Source));
        Assert.Equal(("+447911123456", "ByPhone"), (byPhone.Phone, byPhone.FirstName));
        Assert.Equal((Channel.Sms, ConsentStatus.Withdrawn), (byPhone.Consents.Single().Channel, byPhone.Consents.Single().Status));
        Assert.Equal(("Old", "Updated"), (old.FirstName, old.LastName));
        Assert.Equal(["c"], old.Tags);
        Assert.Equal("PhoneUpdated", (await contacts.GetAsync(result.Items[4].ContactId!.Value)).FirstName);
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        Assert.Equal(5, await db.Contacts.CountAsync());
        Assert.Equal(4, await db.ContactTags.CountAsync());
    }

    [Fact]
    public async Task Upsert_Clear_EmptiesNamedFields_RefusesUnknownOrContradictoryOnes()
    {
        await using var app = await TestApp.StartAsync(kind);
        await app.CreateFirstAdminAsync();
        await using var scope = await app.ScopeForUserAsync(TestApp.AdminEmail);
        var contacts = scope.ServiceProvider.GetRequiredService<ContactService>();
        var created = await contacts.UpsertAsync([new ContactInput { ExternalId = "K-1", Company = "Kumar & Sons", City = "Pune", BirthDate = "1980-02-01" }], allOrNothing: true);

        var refused = await Assert.ThrowsAsync<ValidationFailedException>(() => contacts.UpsertAsync(
            [new ContactInput { ExternalId = "K-1", Clear = ["email", "city"], City = "Nagpur" }], allOrNothing: true));
        await contacts.UpsertAsync([new ContactInput { ExternalId = "K-1", Clear = ["company", "birthDate"] }], allOrNothing: true);
        var details = await contacts.GetAsync(created.Items[0].ContactId!.Value);

        Assert.Contains("'email' cannot be cleared", refused.Errors["items[0].clear"].Single());
        Assert.Contains("both given a value and cleared", refused.Errors["items[0].city"].Single());
        Assert.Equal((null, "Pune", null), (details.Company, details.City, details.BirthDate));
    }

    [Fact]
    public async Task ReadIds_WhereTheDatabaseDoesNotReportKeys_FindsEachContactByItsFirstIdentifier()
    {
        await using var app = await TestApp.StartAsync(kind);
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var pii = scope.ServiceProvider.GetRequiredService<CampaignStudio.Features.Audience.Pii.PiiProtector>();
        var now = new DateTime(2026, 11, 23, 10, 0, 0, DateTimeKind.Utc);
        var byId = new Contact(now) { ExternalId = "R-1" };
        var byEmail = new Contact(now);
        byEmail.SetEmail(pii.Seal("reader@example.com"), "example.com");
        var byPhone = new Contact(now);
        byPhone.SetPhone(pii.Seal("+919800000002"), "IN");
        await using (var write = await db.Database.BeginTransactionAsync())
        {
            await CampaignStudio.Data.BulkSql.InsertAsync(db, [byId, byEmail, byPhone], null, default);
            await write.CommitAsync();
        }

        var fresh = new[] { new Contact(now) { ExternalId = "R-1" }, new Contact(now), new Contact(now) };
        fresh[1].SetEmail(pii.Seal("reader@example.com"), "example.com");
        fresh[2].SetPhone(pii.Seal("+919800000002"), "IN");
        await NewContactWriter.ReadIdsAsync(db, fresh, default);

        Assert.Equal([byId.Id, byEmail.Id, byPhone.Id], fresh.Select(c => c.Id));
        Assert.Equal(3, fresh.Select(c => c.Id).Distinct().Count());
        Assert.All(fresh, c => Assert.True(c.Id > 0));
    }

    [Fact]
    public async Task UniqueViolation_TellsADuplicateKeyFromOtherDatabaseErrors()
    {
        await using var app = await TestApp.StartAsync(kind);
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        await db.Database.ExecuteSqlRawAsync("INSERT INTO Contacts (ExternalId, CreatedUtc, UpdatedUtc) VALUES ('X-1', '2026-11-23 10:00:00', '2026-11-23 10:00:00')");

        var duplicate = await Record.ExceptionAsync(() => db.Database.ExecuteSqlRawAsync("INSERT INTO Contacts (ExternalId, CreatedUtc, UpdatedUtc) VALUES ('X-1', '2026-11-23 10:00:00', '2026-11-23 10:00:00')"));
        var other = await Record.ExceptionAsync(() => db.Database.ExecuteSqlRawAsync("INSERT INTO NoSuchTable (Id) VALUES (1)"));

        Assert.True(UniqueViolation.Is(duplicate!));
        Assert.False(UniqueViolation.Is(other!));
    }
}
