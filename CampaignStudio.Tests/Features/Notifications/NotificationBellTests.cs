using Bunit;
using Bunit.Rendering;
using CampaignStudio.Features.Campaigns;
using CampaignStudio.Features.Notifications;
using CampaignStudio.Features.Notifications.Pages;
using CampaignStudio.Tests.Components.Campaigns;
using CampaignStudio.Tests.Features.Campaigns;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace CampaignStudio.Tests.Features.Notifications;

/// <summary>The bell in the app bar against the real services: its count follows what happens elsewhere, live.</summary>
public sealed class NotificationBellTests : CampaignPageTestBase
{
    [Fact]
    public async Task Bell_NotificationRaisedElsewhere_CountUpdatesLiveWithoutAReload()
    {
        var campaign = await AsManagerAsync(s => s.CreateDraftAsync(new CampaignBasicsInput { Name = "Diwali offer" }));
        var cut = await RenderAsync<NotificationBell>();
        cut.WaitForAssertion(() => Assert.Equal("0", Unread(cut)));
        Assert.Empty(Badges(cut));

        // The sending engine, on a thread of its own, raises a notification.
        await Task.Run(() => RaiseAsync(campaign.Id, NotificationKind.Started, "Diwali offer started sending"));

        cut.WaitForAssertion(() => Assert.Equal("1", Badge(cut)));
        Assert.Equal("1", Unread(cut));
        Assert.Contains(ShownSnackbars, s => s.Message == "Diwali offer started sending" && s.Severity == Severity.Info);

        await Task.Run(() => RaiseAsync(campaign.Id, NotificationKind.Failed, "Diwali offer failed"));

        cut.WaitForAssertion(() => Assert.Equal("2", Badge(cut)));
        Assert.Contains(ShownSnackbars, s => s.Message == "Diwali offer failed" && s.Severity == Severity.Error);

        // Read in another tab: this bell follows.
        await CampaignWorld.AsAsync<NotificationService, int>(App, CampaignWorld.ManagerEmail, s => s.MarkAllReadAsync());

        cut.WaitForAssertion(() => Assert.Equal("0", Unread(cut)));
        Assert.Empty(Badges(cut));
    }

    [Fact]
    public async Task Bell_Disposed_StopsListening()
    {
        var hub = App.Services.GetRequiredService<NotificationHub>();
        var managerId = (await CampaignWorld.AsManagerAsync(App, s => s.CreateDraftAsync(new CampaignBasicsInput { Name = "Mine" }))).CreatedById;
        var cut = await RenderAsync<NotificationBell>();
        cut.WaitForAssertion(() => Assert.Equal(1, hub.SubscriberCount(managerId)));

        await DisposeComponentsAsync();

        Assert.Equal(0, hub.SubscriberCount(managerId));
    }

    [Fact]
    public async Task Bell_SomeoneElsesNotification_LeavesMyCountAlone()
    {
        var mine = await AsManagerAsync(s => s.CreateDraftAsync(new CampaignBasicsInput { Name = "Mine" }));
        var cut = await RenderAsync<NotificationBell>();
        cut.WaitForAssertion(() => Assert.Equal("0", Unread(cut)));

        await Task.Run(() => RaiseAsync(mine.Id, NotificationKind.Started, "Mine started", creatorId: "nobody-i-know"));

        // Only the admin was told; the manager, who is not the creator here, was not.
        cut.WaitForAssertion(() => Assert.Equal("0", Unread(cut)));
        Assert.Empty(ShownSnackbars);
    }

    [Fact]
    public async Task Bell_Opened_ShowsTheLatestNewestFirst_AndMarkAllReadClearsTheCount()
    {
        var campaign = await AsManagerAsync(s => s.CreateDraftAsync(new CampaignBasicsInput { Name = "Diwali offer" }));
        await RaiseAsync(campaign.Id, NotificationKind.Started, "Diwali offer started sending");
        Clock.Advance(TimeSpan.FromMinutes(5));
        await RaiseAsync(campaign.Id, NotificationKind.Completed, "Diwali offer finished");
        var cut = await RenderAsync<NotificationBell>();
        cut.WaitForAssertion(() => Assert.Equal("2", Badge(cut)));

        cut.Find("[data-testid=notification-bell-button]").Click();

        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-testid=bell-item]").Count));
        Assert.Equal(["Diwali offer finished", "Diwali offer started sending"], cut.FindAll("[data-testid=bell-item] .mud-typography-body2").Select(e => e.TextContent.Trim()));
        Assert.All(cut.FindAll("[data-testid=bell-item]"), i => Assert.Equal("false", i.GetAttribute("data-read")));
        Assert.Single(cut.FindAll("a[href='/notifications']"));

        cut.Find("[data-testid=bell-mark-all-read]").Click();

        cut.WaitForAssertion(() => Assert.Equal("0", Unread(cut)));
        Assert.All(cut.FindAll("[data-testid=bell-item]"), i => Assert.Equal("true", i.GetAttribute("data-read")));
        Assert.Equal(0, await CampaignWorld.AsAsync<NotificationService, int>(App, CampaignWorld.ManagerEmail, s => s.CountUnreadAsync()));
    }

    [Fact]
    public async Task Bell_ClickingANotification_MarksItReadAndOpensItsCampaign()
    {
        var campaign = await AsManagerAsync(s => s.CreateDraftAsync(new CampaignBasicsInput { Name = "Diwali offer" }));
        await RaiseAsync(campaign.Id, NotificationKind.AutoPaused, "Diwali offer paused itself");
        var cut = await RenderAsync<NotificationBell>();
        cut.WaitForAssertion(() => Assert.Equal("1", Badge(cut)));
        cut.Find("[data-testid=notification-bell-button]").Click();

        cut.WaitForElement("[data-testid=bell-item]").Click();

        cut.WaitForAssertion(() => Assert.Equal("0", Unread(cut)));
        Assert.EndsWith($"/campaigns/{campaign.Id}", Services.GetRequiredService<NavigationManager>().Uri);
    }

    [Fact]
    public async Task Bell_NothingYet_SaysAllCaughtUp()
    {
        var cut = await RenderAsync<NotificationBell>();
        cut.WaitForAssertion(() => Assert.Equal("0", Unread(cut)));

        cut.Find("[data-testid=notification-bell-button]").Click();

        cut.WaitForAssertion(() => Assert.Contains("You're all caught up.", cut.Find("[data-testid=bell-empty]").TextContent));
        Assert.True(cut.Find("[data-testid=bell-mark-all-read]").HasAttribute("disabled"));
    }

    private Task RaiseAsync(int campaignId, NotificationKind kind, string title, string? creatorId = null) =>
        App.Services.GetRequiredService<ICampaignNotifier>().NotifyAsync(
            new CampaignNotification(kind, campaignId, "Diwali offer", title, $"{title}.", $"{kind}:{campaignId}") { CreatorId = creatorId },
            CancellationToken.None);

    private static string? Unread(IRenderedComponent<ContainerFragment> cut) =>
        cut.Find("[data-testid=notification-bell-button]").GetAttribute("data-unread");

    private static IEnumerable<AngleSharp.Dom.IElement> Badges(IRenderedComponent<ContainerFragment> cut) =>
        cut.FindAll("[data-testid=notification-badge] .mud-badge");

    private static string Badge(IRenderedComponent<ContainerFragment> cut) => Assert.Single(Badges(cut)).TextContent.Trim();
}
