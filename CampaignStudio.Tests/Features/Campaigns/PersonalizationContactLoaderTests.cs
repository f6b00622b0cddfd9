using CampaignStudio.Features.Audience.Contacts;
using CampaignStudio.Features.Campaigns;
using CampaignStudio.Features.Campaigns.Content;
using CampaignStudio.Tests.TestSupport;
using static CampaignStudio.Tests.Features.Campaigns.CampaignWorld;

namespace CampaignStudio.Tests.Features.Campaigns;

public sealed class PersonalizationContactLoaderTests
{
    [Fact]
    public async Task Load_MapsARealContact_DecryptedAndTyped_AndRendersWithIt()
    {
        await using var app = await StartAsync(DatabaseKind.Sqlite, Clock());
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
}
