using CampaignStudio.Data;
using CampaignStudio.Features.Audience.Contacts;
using CampaignStudio.Features.Identity;
using CampaignStudio.Features.Shared;
using CampaignStudio.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CampaignStudio.Tests.Features.Audience.Contacts;

public abstract class CustomFieldTests(DatabaseKind kind)
{
    public sealed class OnSqlite() : CustomFieldTests(DatabaseKind.Sqlite);

    public sealed class OnMySql() : CustomFieldTests(DatabaseKind.MySql);

    [Fact]
    public async Task Fields_ValidateValuesByType_AndDeleteTakesValuesAlong()
    {
        await using var app = await TestApp.StartAsync(kind);
        await app.CreateFirstAdminAsync();
        await using var scope = await app.ScopeForUserAsync(TestApp.AdminEmail);
        var fields = scope.ServiceProvider.GetRequiredService<CustomFieldService>();
        var contacts = scope.ServiceProvider.GetRequiredService<ContactService>();
        var tier = await fields.CreateAsync("dealer_tier", "Dealer tier", CustomFieldType.Choice, required: false, ["gold", "silver"]);
        await fields.CreateAsync("credit_limit", "Credit limit", CustomFieldType.Number, required: false, null);
        await fields.CreateAsync("onboarded", "Onboarded on", CustomFieldType.Date, required: false, null);
        await fields.CreateAsync("key_account", "Key account", CustomFieldType.Boolean, required: false, null);

        var invalid = await Assert.ThrowsAsync<ValidationFailedException>(() => contacts.UpsertAsync(
            [new ContactInput { ExternalId = "D1", Fields = new() { ["dealer_tier"] = "platinum", ["credit_limit"] = "lots", ["onboarded"] = "23/11/2026", ["key_account"] = "maybe", ["unknown"] = "x" } }],
            allOrNothing: true));
        var saved = await contacts.UpsertAsync(
            [new ContactInput { ExternalId = "D1", Fields = new() { ["dealer_tier"] = "GOLD", ["credit_limit"] = "250000.50", ["onboarded"] = "2026-11-23", ["key_account"] = "yes" } }],
            allOrNothing: true);

        Assert.Contains("must be one of gold, silver", invalid.Errors["items[0].fields.dealer_tier"].Single());
        Assert.Contains("must be a number", invalid.Errors["items[0].fields.credit_limit"].Single());
        Assert.Contains("YYYY-MM-DD", invalid.Errors["items[0].fields.onboarded"].Single());
        Assert.Contains("true or false", invalid.Errors["items[0].fields.key_account"].Single());
        Assert.Contains("There is no custom field 'unknown'", invalid.Errors["items[0].fields.unknown"].Single());
        var details = await contacts.GetAsync(saved.Items[0].ContactId!.Value);
        var values = details.Fields.ToDictionary(f => f.Key, f => f.Value);
        Assert.Equal("gold", values["dealer_tier"]);
        Assert.Equal("250000.5", values["credit_limit"]);
        Assert.Equal("2026-11-23", values["onboarded"]);
        Assert.Equal("true", values["key_account"]);

        await fields.DeleteAsync(tier.Id);
        Assert.Equal(3, await scope.ServiceProvider.GetRequiredService<AppDbContext>().ContactFieldValues.CountAsync());
    }

    [Fact]
    public async Task Fields_BadKeyDuplicateOrNonAdmin_AreRefused()
    {
        await using var app = await TestApp.StartAsync(kind);
        await app.CreateFirstAdminAsync();
        await app.CreateUserAsync("cm@example.test", Roles.CampaignManager);
        await using var scope = await app.ScopeForUserAsync(TestApp.AdminEmail);
        var fields = scope.ServiceProvider.GetRequiredService<CustomFieldService>();
        await fields.CreateAsync("tier", "Tier", CustomFieldType.Text, false, null);
        await using var managerScope = await app.ScopeForUserAsync("cm@example.test");

        await Assert.ThrowsAsync<ValidationFailedException>(() => fields.CreateAsync("Bad Key!", "x", CustomFieldType.Text, false, null));
        await Assert.ThrowsAsync<ValidationFailedException>(() => fields.CreateAsync("tier", "Tier again", CustomFieldType.Text, false, null));
        await Assert.ThrowsAsync<ValidationFailedException>(() => fields.CreateAsync("size", "Size", CustomFieldType.Choice, false, []));
        await Assert.ThrowsAsync<ForbiddenException>(() => managerScope.ServiceProvider.GetRequiredService<CustomFieldService>().CreateAsync("x", "x", CustomFieldType.Text, false, null));
    }
}
