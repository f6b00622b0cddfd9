using AngleSharp.Dom;
using Bunit;
using CampaignStudio.Data;
using CampaignStudio.Features.Campaigns;
using CampaignStudio.Features.Campaigns.Pages;
using CampaignStudio.Features.Identity;
using CampaignStudio.Features.Shared;
using CampaignStudio.Tests.Features.Campaigns;
using CampaignStudio.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static CampaignStudio.Tests.Features.Campaigns.CampaignWorld;

namespace CampaignStudio.Tests.Components;

/// <summary>The campaign wizard against the real services on SQLite, as a campaign manager (or an analyst).</summary>
public sealed class CampaignWizardTests : BunitContextBase
{
    private readonly Microsoft.Extensions.Time.Testing.FakeTimeProvider clock = Clock();
    private TestApp? app;
    private World world = default!;
    private AsyncServiceScope? scope;

    public CampaignWizardTests() => DefaultWaitTimeout = TimeSpan.FromSeconds(10);

    protected override async Task InitializeAsync()
    {
        app = await StartAsync(DatabaseKind.Sqlite, clock);
        world = await SeedAsync(app);
    }

    protected override async ValueTask OnDisposedAsync()
    {
        if (scope is { } s)
        {
            await s.DisposeAsync();
        }

        if (app is not null)
        {
            await app.DisposeAsync();
        }
    }

    [Fact]
    public void Basics_NextWithoutAName_ShowsTheErrorNextToTheName_AndStays()
    {
        var cut = RenderWizard(null);

        Click(cut, "wizard-next");

        cut.WaitForAssertion(() => Assert.Contains("Give the campaign a name", cut.Find("[data-testid=step-basics]").TextContent));
        Assert.Empty(CampaignsInDatabase());
    }

    [Fact]
    public void Audience_NextWithoutASegment_Refuses_ThenBackKeepsTheBasics()
    {
        var cut = RenderWizard(null);
        Input(cut, "campaign-name").Change("Monsoon offer");
        Input(cut, "campaign-description").Change("Rainy-day prices");
        Click(cut, "wizard-next");
        cut.WaitForElement("[data-testid=step-audience]");

        Click(cut, "wizard-next");
        cut.WaitForAssertion(() => Assert.Contains("Choose at least one segment", cut.Find("[data-testid=step-audience]").TextContent));
        Click(cut, "wizard-back");

        cut.WaitForElement("[data-testid=step-basics]");
        Assert.Equal("Monsoon offer", Input(cut, "campaign-name").GetAttribute("value"));
        Assert.Equal("Rainy-day prices", Input(cut, "campaign-description").GetAttribute("value"));
        var saved = Assert.Single(CampaignsInDatabase());
        Assert.Equal(("Monsoon offer", 1), (saved.Name, saved.WizardStep));
    }

    [Fact]
    public async Task Content_SmsCounter_FollowsTheText_AndNamesTheCharactersThatForceUnicode()
    {
        var draft = await DraftAtStepAsync(2, CampaignWorld.SmsContent("Hello"));
        var cut = RenderWizard(draft.Id);
        cut.WaitForElement("[data-testid=step-content]");
        Assert.Contains("5 characters · 1 segment", cut.Find("[data-testid=sms-counter]").TextContent);

        Input(cut, "sms-text").Input(new string('a', 161));
        cut.WaitForAssertion(() => Assert.Contains("161 characters · 2 segments", cut.Find("[data-testid=sms-counter]").TextContent));

        Input(cut, "sms-text").Input("Diwali offer ₹500");
        cut.WaitForAssertion(() => Assert.Contains("Unicode", cut.Find("[data-testid=sms-encoding]").TextContent));
        Assert.Contains("₹", cut.Find("[data-testid=sms-unicode]").TextContent);
        Assert.Equal("Diwali offer ₹500", cut.Find("[data-testid=sms-preview]").TextContent);
    }

    [Fact]
    public async Task Content_SmsCounter_CountsLinksAsTheirShortTrackedLinks_UnlessTrackingIsTurnedOff()
    {
        var text = "Sale: https://shop.acme.example/" + new string('a', 150);
        var draft = await DraftAtStepAsync(2, CampaignWorld.SmsContent(text));
        var cut = RenderWizard(draft.Id);
        cut.WaitForElement("[data-testid=step-content]");

        // 182 characters as written; "Sale: " and a 42-character short link (http://localhost:5000/s/ and its code) as sent.
        Assert.Contains("48 characters · 1 segment", cut.Find("[data-testid=sms-counter]").TextContent);
        Assert.Contains("42 characters", cut.Find("[data-testid=sms-links-counted]").TextContent);

        Input(cut, "sms-track-links").Change(false);
        cut.WaitForAssertion(() => Assert.Contains("182 characters · 2 segments", cut.Find("[data-testid=sms-counter]").TextContent));
        Assert.Empty(cut.FindAll("[data-testid=sms-links-counted]"));
        Click(cut, "wizard-next");

        cut.WaitForElement("[data-testid=step-schedule]");
        var saved = await AsManagerAsync(app!, s => s.GetAsync(draft.Id));
        Assert.Equal((text, false), (saved.Content.Sms!.Text, saved.Content.Sms.TrackLinks));
    }

    [Fact]
    public async Task Content_LiquidTypo_IsShownNextToTheField_AndBlocksNext()
    {
        var draft = await DraftAtStepAsync(2, CampaignWorld.SmsContent("Hello"));
        var cut = RenderWizard(draft.Id);
        cut.WaitForElement("[data-testid=step-content]");

        Input(cut, "sms-text").Input("Hi {{ contact.frist_name }}");
        cut.WaitForAssertion(() => Assert.Contains("first_name", cut.Find("[data-testid=step-content]").TextContent));
        Click(cut, "wizard-next");

        cut.WaitForAssertion(() => Assert.Contains("first_name", cut.Find("[data-testid=step-content]").TextContent));
        Assert.Empty(cut.FindAll("[data-testid=step-schedule]"));
        Assert.Equal("Hello", (await AsManagerAsync(app!, s => s.GetAsync(draft.Id))).Content.Sms?.Text);
    }

    [Fact]
    public async Task Analyst_SeesTheCampaign_WithoutAnyEditAction()
    {
        var draft = await ReadyDraftAsync(app!, world);
        var cut = RenderWizard(draft.Id, AnalystEmail, Roles.Analyst);

        cut.WaitForElement("[data-testid=read-only]");
        foreach (var action in new[] { "wizard-next", "save-draft", "schedule-campaign", "send-now", "new-segment", "include-picker" })
        {
            Assert.Empty(cut.FindAll($"[data-testid={action}]"));
        }

        Click(cut, "wizard-view-next");
        cut.WaitForElement("[data-testid=step-review]");
        Assert.Empty(cut.FindAll("[data-testid=schedule-campaign]"));
        Assert.Equal("Diwali offer", cut.Find("[data-testid=review-name]").TextContent);
    }

    [Fact]
    public async Task Analyst_OnNewCampaign_IsToldCreatingNeedsAManager()
    {
        var cut = RenderWizard(null, AnalystEmail, Roles.Analyst);

        cut.WaitForElement("[data-testid=not-allowed]");
        Assert.Empty(cut.FindAll("[data-testid=wizard-next]"));
        await Task.CompletedTask;
    }

    [Fact]
    public async Task Conflict_KeepsTheInput_ShowsWhoChangedIt_AndKeepMineRetries()
    {
        var draft = await AsManagerAsync(app!, s => s.CreateDraftAsync(new CampaignBasicsInput { Name = "Diwali offer" }));
        var cut = RenderWizard(draft.Id);
        cut.WaitForElement("[data-testid=step-basics]");
        Input(cut, "campaign-name").Change("Diwali offer — mine");
        await AsAsync<CampaignService, CampaignDetails>(app!, TestApp.AdminEmail, s => s.SaveBasicsAsync(draft.Id, new CampaignBasicsInput { Name = "Diwali offer — theirs" }, draft.Revision, 0));

        Click(cut, "wizard-next");

        cut.WaitForElement("[data-testid=conflict]");
        Assert.Contains("changed", cut.Find("[data-testid=conflict]").TextContent);
        Assert.Equal("Diwali offer — mine", Input(cut, "campaign-name").GetAttribute("value"));
        Assert.NotNull(cut.Find("[data-testid=step-basics]"));

        Click(cut, "keep-mine");

        cut.WaitForElement("[data-testid=step-audience]");
        Assert.Empty(cut.FindAll("[data-testid=conflict]"));
        Assert.Equal("Diwali offer — mine", (await AsManagerAsync(app!, s => s.GetAsync(draft.Id))).Name);
    }

    [Fact]
    public async Task SendingCampaign_EditRoute_SaysWhy_AndLinksToItsDetails()
    {
        var draft = await ReadyDraftAsync(app!, world);
        await AsManagerAsync(app!, s => s.ScheduleAsync(draft.Id, draft.Revision));
        await using (var db = app!.Services.CreateAsyncScope())
        {
            var context = db.ServiceProvider.GetRequiredService<AppDbContext>();
            var campaign = await context.Campaigns.SingleAsync(c => c.Id == draft.Id);
            campaign.MarkSending(campaign.ScheduledForUtc!.Value);
            await context.SaveChangesAsync();
        }

        var cut = RenderWizard(draft.Id);

        cut.WaitForElement("[data-testid=not-editable]");
        Assert.Contains("is sending", cut.Find("[data-testid=not-editable]").TextContent);
        Assert.Equal($"/campaigns/{draft.Id}", cut.Find("[data-testid=details-link]").GetAttribute("href"));
        Assert.Empty(cut.FindAll("[data-testid=wizard]"));
    }

    private async Task<CampaignDetails> DraftAtStepAsync(int step, CampaignContentInput content) =>
        await AsManagerAsync(app!, async s =>
        {
            var draft = await s.CreateDraftAsync(new CampaignBasicsInput { Name = "Diwali offer" });
            draft = await s.SaveAudienceAsync(draft.Id, new CampaignAudienceInput { IncludeSegmentIds = [world.Dealers] }, draft.Revision, step);
            return await s.SaveContentAsync(draft.Id, content, draft.Revision, step);
        });

    private IRenderedComponent<CampaignWizardPage> RenderWizard(int? id, string email = ManagerEmail, string role = Roles.CampaignManager)
    {
        scope = app!.ScopeForUserAsync(email).GetAwaiter().GetResult();
        Services.AddFallbackServiceProvider(scope.Value.ServiceProvider);
        AuthorizeAs(email, role);
        return Render<CampaignWizardPage>(p => p.Add(w => w.Id, id));
    }

    private List<(string Name, int WizardStep)> CampaignsInDatabase()
    {
        using var s = app!.Services.CreateScope();
        return [.. s.ServiceProvider.GetRequiredService<AppDbContext>().Campaigns.AsNoTracking().Select(c => new { c.Name, c.WizardStep }).AsEnumerable().Select(c => (c.Name, c.WizardStep))];
    }

    private static IElement Input(IRenderedComponent<CampaignWizardPage> cut, string testId) =>
        cut.Find($"[data-testid={testId}]") is { } found && found.TagName is "INPUT" or "TEXTAREA" ? found : cut.Find($"[data-testid={testId}] input, [data-testid={testId}] textarea");

    private static void Click(IRenderedComponent<CampaignWizardPage> cut, string testId) => cut.Find($"[data-testid={testId}]").Click();
}
