using CampaignStudio.Features.Campaigns;
using CampaignStudio.Features.Shared;
using CampaignStudio.Tests.TestSupport;
using static CampaignStudio.Tests.Features.Campaigns.CampaignWorld;

namespace CampaignStudio.Tests.Features.Campaigns;

/// <summary>Email senders and campaign fields: admins change them, everyone reads them.</summary>
public abstract class CampaignSettingsTests(DatabaseKind kind)
{
    public sealed class OnSqlite() : CampaignSettingsTests(DatabaseKind.Sqlite);

    public sealed class OnMySql() : CampaignSettingsTests(DatabaseKind.MySql);

    [Fact]
    public async Task EmailSenders_AdminCreatesUpdatesDeletes_OthersOnlyList()
    {
        await using var app = await StartAsync(kind, Clock());
        var input = new EmailSenderInput { Name = "Offers", Address = "offers@acme.example", IsVerified = false };

        var refused = await Assert.ThrowsAsync<ForbiddenException>(() => AsAsync<EmailSenderService, EmailSenderInfo>(app, ManagerEmail, s => s.CreateAsync(input)));
        var created = await AsAsync<EmailSenderService, EmailSenderInfo>(app, TestApp.AdminEmail, s => s.CreateAsync(input));
        var verified = await AsAsync<EmailSenderService, EmailSenderInfo>(app, TestApp.AdminEmail, s => s.UpdateAsync(created.Id, new EmailSenderInput { Name = "Acme Offers", Address = "offers@acme.example", DefaultReplyTo = "help@acme.example", IsVerified = true }));
        var listed = await AsAsync<EmailSenderService, IReadOnlyList<EmailSenderInfo>>(app, AnalystEmail, s => s.ListAsync());

        Assert.Contains("administer the workspace", refused.Message);
        Assert.Equal(new EmailSenderInfo(created.Id, "Acme Offers", "offers@acme.example", "help@acme.example", true), verified);
        Assert.Equal([verified], listed);
        await Assert.ThrowsAsync<ForbiddenException>(() => AsAsync<EmailSenderService, int>(app, ManagerEmail, async s => { await s.DeleteAsync(created.Id); return 0; }));
        await AsAsync<EmailSenderService, int>(app, TestApp.AdminEmail, async s => { await s.DeleteAsync(created.Id); return 0; });
        Assert.Empty(await AsAsync<EmailSenderService, IReadOnlyList<EmailSenderInfo>>(app, AnalystEmail, s => s.ListAsync()));
    }

    [Fact]
    public async Task EmailSenders_InvalidAddressesAndDuplicateNames_AreFieldErrors()
    {
        await using var app = await StartAsync(kind, Clock());
        await AsAsync<EmailSenderService, EmailSenderInfo>(app, TestApp.AdminEmail, s => s.CreateAsync(new EmailSenderInput { Name = "Offers", Address = "offers@acme.example" }));

        var invalid = await Assert.ThrowsAsync<ValidationFailedException>(() => AsAsync<EmailSenderService, EmailSenderInfo>(app, TestApp.AdminEmail, s => s.CreateAsync(new EmailSenderInput { Name = "", Address = "offers at acme", DefaultReplyTo = "nope" })));
        var duplicate = await Assert.ThrowsAsync<ValidationFailedException>(() => AsAsync<EmailSenderService, EmailSenderInfo>(app, TestApp.AdminEmail, s => s.CreateAsync(new EmailSenderInput { Name = "OFFERS", Address = "other@acme.example" })));

        Assert.Equal(["address", "defaultReplyTo", "name"], invalid.Errors.Keys.Order());
        Assert.Equal("There is already a sender named 'OFFERS'.", duplicate.Errors["name"].Single());
    }

    [Fact]
    public async Task EmailSender_UsedByACampaign_CannotBeDeleted()
    {
        await using var app = await StartAsync(kind, Clock());
        var world = await SeedAsync(app);
        var draft = await AsManagerAsync(app, s => s.CreateDraftAsync(new CampaignBasicsInput { Name = "Newsletter" }));
        await AsManagerAsync(app, s => s.SaveContentAsync(draft.Id, new CampaignContentInput { Channels = [Channel.Email], Content = new CampaignContent { Email = new EmailContent { SenderId = world.VerifiedSender } } }, draft.Revision, 2));

        var refused = await Assert.ThrowsAsync<ConflictException>(() => AsAsync<EmailSenderService, int>(app, TestApp.AdminEmail, async s => { await s.DeleteAsync(world.VerifiedSender); return 0; }));

        Assert.Equal("The sender Offers is used by campaigns ('Newsletter'); choose another sender there first.", refused.Message);
    }

    [Fact]
    public async Task CampaignFields_AdminDefinesThem_OthersOnlyList()
    {
        await using var app = await StartAsync(kind, Clock());
        var region = new CampaignFieldInput { Key = "Region", Label = "Region", Type = CampaignFieldType.Choice, Options = ["North", "South", "north"] };

        await Assert.ThrowsAsync<ForbiddenException>(() => AsAsync<CampaignFieldService, CampaignFieldInfo>(app, ManagerEmail, s => s.CreateAsync(region)));
        var created = await AsAsync<CampaignFieldService, CampaignFieldInfo>(app, TestApp.AdminEmail, s => s.CreateAsync(region));
        var duplicate = await Assert.ThrowsAsync<ValidationFailedException>(() => AsAsync<CampaignFieldService, CampaignFieldInfo>(app, TestApp.AdminEmail, s => s.CreateAsync(region)));
        var badKey = await Assert.ThrowsAsync<ValidationFailedException>(() => AsAsync<CampaignFieldService, CampaignFieldInfo>(app, TestApp.AdminEmail, s => s.CreateAsync(new CampaignFieldInput { Key = "1st", Type = CampaignFieldType.Text })));
        var noOptions = await Assert.ThrowsAsync<ValidationFailedException>(() => AsAsync<CampaignFieldService, CampaignFieldInfo>(app, TestApp.AdminEmail, s => s.CreateAsync(new CampaignFieldInput { Key = "tier", Type = CampaignFieldType.Choice })));
        var updated = await AsAsync<CampaignFieldService, CampaignFieldInfo>(app, TestApp.AdminEmail, s => s.UpdateAsync(created.Id, new CampaignFieldInput { Label = "Sales region", Required = true, Options = ["North", "South", "West"] }));

        Assert.Equal(("region", CampaignFieldType.Choice), (created.Key, created.Type));
        Assert.Equal(["North", "South"], created.Options);
        Assert.Equal("There is already a campaign field 'region'.", duplicate.Errors["key"].Single());
        Assert.Contains("key", badKey.Errors.Keys);
        Assert.Equal("A choice field needs at least one option.", noOptions.Errors["options"].Single());
        var listed = Assert.Single(await AsAsync<CampaignFieldService, IReadOnlyList<CampaignFieldInfo>>(app, AnalystEmail, s => s.ListAsync()));
        Assert.Equal(("Sales region", true), (updated.Label, updated.Required));
        Assert.Equal((created.Id, "Sales region", true), (listed.Id, listed.Label, listed.Required));
        Assert.Equal(["North", "South", "West"], listed.Options);
        await AsAsync<CampaignFieldService, int>(app, TestApp.AdminEmail, async s => { await s.DeleteAsync(created.Id); return 0; });
        Assert.Empty(await AsAsync<CampaignFieldService, IReadOnlyList<CampaignFieldInfo>>(app, AnalystEmail, s => s.ListAsync()));
    }
}
