using CampaignStudio.Features.Audience.Contacts;
using CampaignStudio.Features.Campaigns;
using CampaignStudio.Features.Campaigns.Content;
using CampaignStudio.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using static CampaignStudio.Tests.Features.Campaigns.CampaignWorld;

namespace CampaignStudio.Tests.Features.Campaigns;

public abstract class PersonalizationContactLoaderTests(DatabaseKind kind)
{
    public sealed class OnSqlite() : PersonalizationContactLoaderTests(DatabaseKind.Sqlite);

    public sealed class OnMySql() : PersonalizationContactLoaderTests(DatabaseKind.MySql);

    [Fact]
    public async Task Load_MapsARealContact_DecryptedAndTyped_AndRendersWithIt()
    {
        await using var app = await StartAsync(kind, Clock());
        await AsAsync<CustomFieldService, CustomFieldSummary>(app, TestApp.AdminEmail, s => s.CreateAsync("tier", "Tier", CustomFieldType.Text, false, null));
        await AsAsync<CustomFieldService, CustomFieldSummary>(app, TestApp.AdminEmail, s => s.CreateAsync("points", "Points", CustomFieldType.Number, false, null));
        var batch = await AsAsync<ContactService, ContactBatchResult>(app, TestApp.AdminEmail, s => s.UpsertAsync(
            [
                new ContactInput
                {
                    FirstName = "Ravi", LastName = "Kumar", Email = "ravi@example.com", Phone = "+919820000001", City = "Pune", Tags = ["dealer"],
                    Fields = new Dictionary<string, string?> { ["tier"] = "Gold", ["points"] = "1250.5" },
                },
            ], allOrNothing: true));
        var id = batch.Items.Single().ContactId!.Value;

        var contact = await AsAsync<PersonalizationContactLoader, PersonalizationContact>(app, AnalystEmail, l => l.LoadAsync(id));

        Assert.Equal(("Ravi", "Kumar", "ravi@example.com", "+919820000001", "Pune"), (contact.FirstName, contact.LastName, contact.Email, contact.Phone, contact.City));
        Assert.Equal(["dealer"], contact.Tags);
        Assert.Equal("Gold", contact.Fields["tier"]);
        Assert.Equal(1250.5m, contact.Fields["points"]);
        var rendered = new LiquidRenderer().Render("Hi {{ contact.first_name }} ({{ contact.email }}), {{ contact.fields.tier }}: {{ contact.fields.points | plus: 1 }}", new PersonalizationModel { Contact = contact }, LiquidOutputMode.Text);
        Assert.Equal("Hi Ravi (ravi@example.com), Gold: 1251.5", rendered);
    }

    [Fact]
    public async Task Load_ContactWithEvents_AggregatesCountTotalAndLastPerName()
    {
        await using var app = await StartAsync(kind, Clock());
        var batch = await AsAsync<ContactService, ContactBatchResult>(app, TestApp.AdminEmail, s => s.UpsertAsync(
            [new ContactInput { FirstName = "Ravi", Email = "ravi@example.com" }, new ContactInput { FirstName = "Sita", Email = "sita@example.com" }],
            allOrNothing: true));
        var ravi = batch.Items[0].ContactId!.Value;
        var sita = batch.Items[1].ContactId!.Value;
        var at = (int day, int hour) => new DateTimeOffset(2026, 5, day, hour, 15, 0, TimeSpan.Zero);
        await AsAsync<EventService, int>(app, ManagerEmail, s => s.RecordAsync(
            [
                new EventInput { ContactId = ravi, Name = "lifting", OccurredAt = at(3, 9), Value = 40.5m },
                new EventInput { ContactId = ravi, Name = "lifting", OccurredAt = at(20, 14), Value = 12.25m },
                new EventInput { ContactId = ravi, Name = "lifting", OccurredAt = at(11, 8), Value = 7m },
                new EventInput { ContactId = ravi, Name = "login", OccurredAt = at(21, 7) },
                new EventInput { ContactId = ravi, Name = "app.open", OccurredAt = at(22, 7) },
                new EventInput { ContactId = sita, Name = "lifting", OccurredAt = at(25, 10), Value = 1000m },
            ]));

        var contact = await AsAsync<PersonalizationContactLoader, PersonalizationContact>(app, AnalystEmail, l => l.LoadAsync(ravi));

        Assert.Equal(["lifting", "login"], contact.Events.Keys.Order());
        Assert.Equal(new PersonalizationEventSummary(3, 59.75m, new DateTime(2026, 5, 20, 14, 15, 0, DateTimeKind.Utc)), contact.Events["lifting"]);
        Assert.Equal(new PersonalizationEventSummary(1, 0m, new DateTime(2026, 5, 21, 7, 15, 0, DateTimeKind.Utc)), contact.Events["login"]);
        Assert.Equal(DateTimeKind.Utc, contact.Events["lifting"].Last!.Value.Kind);
        var rendered = new LiquidRenderer().Render(
            "You lifted {{ contact.events.lifting.total }} MT in {{ contact.events.lifting.count }} loads, last {{ contact.events.lifting.last }}.",
            new PersonalizationModel { Contact = contact },
            LiquidOutputMode.Text);
        Assert.Equal("You lifted 59.75 MT in 3 loads, last 2026-05-20T14:15:00Z.", rendered);
    }

    [Fact]
    public async Task ListEventNames_RecordedEvents_DistinctTemplateUsableNamesSorted()
    {
        await using var app = await StartAsync(kind, Clock());
        var batch = await AsAsync<ContactService, ContactBatchResult>(app, TestApp.AdminEmail, s => s.UpsertAsync([new ContactInput { Email = "ravi@example.com" }], allOrNothing: true));
        var ravi = batch.Items[0].ContactId!.Value;
        await AsAsync<EventService, int>(app, ManagerEmail, s => s.RecordAsync(
            [
                new EventInput { ContactId = ravi, Name = "purchase", OccurredAt = new DateTimeOffset(2026, 5, 3, 9, 0, 0, TimeSpan.Zero) },
                new EventInput { ContactId = ravi, Name = "lifting", OccurredAt = new DateTimeOffset(2026, 5, 4, 9, 0, 0, TimeSpan.Zero) },
                new EventInput { ContactId = ravi, Name = "lifting", OccurredAt = new DateTimeOffset(2026, 5, 5, 9, 0, 0, TimeSpan.Zero) },
                new EventInput { ContactId = ravi, Name = "app.open", OccurredAt = new DateTimeOffset(2026, 5, 5, 9, 0, 0, TimeSpan.Zero) },
            ]));

        var names = await app.Services.GetRequiredService<EventNameCatalog>().ListAsync();

        Assert.Equal(["lifting", "purchase"], names);
    }
}
