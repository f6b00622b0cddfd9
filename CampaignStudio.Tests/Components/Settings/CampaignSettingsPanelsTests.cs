using Bunit;
using CampaignStudio.Features.Campaigns;
using CampaignStudio.Features.Settings.Pages;
using CampaignStudio.Features.Shared;
using CampaignStudio.Tests.Components.Campaigns;
using CampaignStudio.Tests.Features.Campaigns;
using CampaignStudio.Tests.TestSupport;

namespace CampaignStudio.Tests.Components.Settings;

/// <summary>The email senders and campaign fields panels: admins change them, everyone else reads them.</summary>
public sealed class CampaignSettingsPanelsTests : CampaignPageTestBase
{
    [Fact]
    public async Task Admin_AddsASender_AndSeesFieldErrors()
    {
        ViewerEmail = TestApp.AdminEmail;
        var cut = await RenderAsync<EmailSendersPanel>(new Dictionary<string, object?> { ["CanEdit"] = true });
        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-testid=senders-table] tbody tr").Count));

        cut.Find("input[data-testid=sender-name]").Change("Acme Deals");
        cut.Find("input[data-testid=sender-address]").Change("not-an-address");
        cut.Find("[data-testid=save-sender]").Click();
        cut.WaitForAssertion(() => Assert.Contains("'not-an-address' is not a valid email address.", cut.Markup));

        cut.Find("input[data-testid=sender-address]").Change("deals@acme.example");
        cut.Find("[data-testid=save-sender]").Click();

        cut.WaitForAssertion(() => Assert.Equal(3, cut.FindAll("[data-testid=senders-table] tbody tr").Count));
        Assert.Contains("deals@acme.example", cut.Find("[data-testid=senders-table]").TextContent);
    }

    [Fact]
    public async Task Admin_DeletingASenderInUse_ShowsTheServicesMessage()
    {
        await CampaignWorld.AsManagerAsync(App, async s =>
        {
            var draft = await s.CreateDraftAsync(new CampaignBasicsInput { Name = "Uses offers" });
            return await s.SaveContentAsync(draft.Id, new CampaignContentInput
            {
                Channels = [Channel.Email],
                Content = new CampaignContent { Email = new EmailContent { SenderId = World.VerifiedSender, Subject = "Hi", HtmlBody = "<p>Hi</p>" } },
            }, draft.Revision, 2);
        });
        ViewerEmail = TestApp.AdminEmail;
        var cut = await RenderAsync<EmailSendersPanel>(new Dictionary<string, object?> { ["CanEdit"] = true });
        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-testid=senders-table] tbody tr").Count));

        cut.Find("button[aria-label='Delete sender Offers']").Click();
        cut.WaitForAssertion(() => Assert.Contains("Delete sender", cut.Markup));
        cut.FindAll("button").Single(b => b.TextContent.Trim() == "Delete").Click();

        cut.WaitForAssertion(() => Assert.Contains("The sender Offers is used by campaigns ('Uses offers')", cut.Find("[data-testid=sender-error]").TextContent));
        Assert.Equal(2, cut.FindAll("[data-testid=senders-table] tbody tr").Count);
    }

    [Fact]
    public async Task Analyst_ReadsSendersAndFields_WithoutAnyWayToChangeThem()
    {
        await CampaignWorld.AsAsync<CampaignFieldService, CampaignFieldInfo>(App, TestApp.AdminEmail, s => s.CreateAsync(new CampaignFieldInput { Key = "region", Label = "Region", Type = CampaignFieldType.Choice, Options = ["North", "South"] }));
        ViewerEmail = CampaignWorld.AnalystEmail;

        var senders = await RenderAsync<EmailSendersPanel>(new Dictionary<string, object?> { ["CanEdit"] = false });
        var fields = Render<CampaignFieldsPanel>(p => p.Add(c => c.CanEdit, false));

        senders.WaitForAssertion(() => Assert.Equal(2, senders.FindAll("[data-testid=senders-table] tbody tr").Count));
        fields.WaitForAssertion(() => Assert.Contains("North, South", fields.Find("[data-testid=campaign-fields-table]").TextContent));
        Assert.Empty(senders.FindAll("[data-testid=save-sender]"));
        Assert.Empty(senders.FindAll("button[aria-label^='Delete']"));
        Assert.Empty(fields.FindAll("[data-testid=save-campaign-field]"));
        Assert.Empty(fields.FindAll("button[aria-label^='Delete']"));
    }

    [Fact]
    public async Task Admin_AddsAChoiceCampaignField()
    {
        ViewerEmail = TestApp.AdminEmail;
        var cut = await RenderAsync<CampaignFieldsPanel>(new Dictionary<string, object?> { ["CanEdit"] = true });

        cut.Find("input[data-testid=campaign-field-key]").Change("cost_centre");
        cut.Find("input[data-testid=campaign-field-label]").Change("Cost centre");
        cut.Find("[data-testid=save-campaign-field]").Click();

        cut.WaitForAssertion(() => Assert.Contains("cost_centre", cut.Find("[data-testid=campaign-fields-table]").TextContent));
    }
}
