using Bunit;
using Bunit.Rendering;
using CampaignStudio.Features.Campaigns;
using CampaignStudio.Features.Notifications;
using CampaignStudio.Features.Notifications.Pages;
using CampaignStudio.Tests.Components.Campaigns;
using CampaignStudio.Tests.Features.Campaigns;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace CampaignStudio.Tests.Features.Notifications;

/// <summary>The notifications page and its preferences against the real services, as the campaign manager.</summary>
public sealed class NotificationsPageTests : CampaignPageTestBase
{
    private int campaignId;

    protected override async Task InitializeAsync()
    {
        await base.InitializeAsync();

        // The page's "5 minutes ago" is the app's clock (MudBlazor registers a system clock of its own).
        Services.AddSingleton<TimeProvider>(Clock);
        campaignId = (await AsManagerAsync(s => s.CreateDraftAsync(new CampaignBasicsInput { Name = "Diwali offer" }))).Id;
    }

    [Fact]
    public async Task Page_ListsMyNotificationsUnreadFirst_WithKindCampaignLinkAndTime()
    {
        await RaiseAsync(NotificationKind.Started, "Diwali offer started sending");
        Clock.Advance(TimeSpan.FromMinutes(5));
        await RaiseAsync(NotificationKind.Failed, "Diwali offer failed");
        var failed = (await AsManagerServiceAsync(s => s.ListAsync(new NotificationQuery()))).Items.Single(i => i.Kind == NotificationKind.Failed);
        await AsManagerServiceAsync(async s =>
        {
            await s.MarkReadAsync(failed.Id);
            return 0;
        });

        var cut = await RenderAsync<NotificationsPage>();

        cut.WaitForAssertion(() => Assert.Equal(2, Items(cut).Count));
        Assert.Equal(["Diwali offer started sending", "Diwali offer failed"], Titles(cut));
        Assert.Equal(["Started", "Failed"], Items(cut).Select(i => i.GetAttribute("data-kind")));
        Assert.Equal(["false", "true"], Items(cut).Select(i => i.GetAttribute("data-read")));
        Assert.All(cut.FindAll("[data-testid=notification-campaign]"), a => Assert.Equal(($"/campaigns/{campaignId}", "Diwali offer"), (a.GetAttribute("href"), a.TextContent.Trim())));
        Assert.Equal(["5 minutes ago", "just now"], cut.FindAll("[data-testid=notification-time]").Select(t => t.TextContent.Trim()));
        Assert.Single(cut.FindAll("[data-testid=mark-read]"));
        Assert.Equal("1 unread", cut.Find("[data-testid=unread-count]").TextContent.Trim());
    }

    [Fact]
    public async Task Page_MarkReadThenMarkAllRead_UpdateTheListAndTheCount()
    {
        await RaiseAsync(NotificationKind.Started, "Diwali offer started sending");
        await RaiseAsync(NotificationKind.Completed, "Diwali offer finished");
        await RaiseAsync(NotificationKind.AutoPaused, "Diwali offer paused itself");
        var cut = await RenderAsync<NotificationsPage>();
        cut.WaitForAssertion(() => Assert.Equal(3, cut.FindAll("[data-testid=mark-read]").Count));

        cut.FindAll("[data-testid=mark-read]")[0].Click();

        cut.WaitForAssertion(() => Assert.Equal("2 unread", cut.Find("[data-testid=unread-count]").TextContent.Trim()));
        Assert.Equal(2, cut.FindAll("[data-testid=mark-read]").Count);

        cut.Find("[data-testid=mark-all-read]").Click();

        cut.WaitForAssertion(() => Assert.Equal("Nothing unread", cut.Find("[data-testid=unread-count]").TextContent.Trim()));
        Assert.Empty(cut.FindAll("[data-testid=mark-read]"));
        Assert.All(Items(cut), i => Assert.Equal("true", i.GetAttribute("data-read")));
        Assert.Contains(ShownSnackbars, s => s.Message == "Marked 2 notifications read.");
        Assert.Equal(0, await AsManagerServiceAsync(s => s.CountUnreadAsync()));
    }

    [Fact]
    public async Task Page_FilteredByUnreadAndKind_ShowsOnlyThose_AndOffersToClearWhenNothingMatches()
    {
        await RaiseAsync(NotificationKind.Started, "Diwali offer started sending");
        await RaiseAsync(NotificationKind.Completed, "Diwali offer finished");
        var cut = await RenderAsync<NotificationsPage>();
        cut.WaitForAssertion(() => Assert.Equal(2, Items(cut).Count));
        var kindFilter = cut.FindComponent<MudSelect<NotificationKind?>>();

        await cut.InvokeAsync(() => kindFilter.Instance.SelectOption(NotificationKind.Completed));

        cut.WaitForAssertion(() => Assert.Equal(["Diwali offer finished"], Titles(cut)));
        cut.FindAll("[data-testid=mark-read]")[0].Click();
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid=mark-read]")));

        cut.Find("[data-testid=unread-only]").Change(true);

        cut.WaitForAssertion(() => Assert.Contains("Nothing matches these filters", cut.Find("[data-testid=notifications-empty]").TextContent));
        cut.Find("[data-testid=clear-filters]").Click();
        cut.WaitForAssertion(() => Assert.Equal(["Diwali offer started sending", "Diwali offer finished"], Titles(cut)));
    }

    [Fact]
    public async Task Page_NothingYet_ShowsTheEmptyState()
    {
        var cut = await RenderAsync<NotificationsPage>();

        cut.WaitForAssertion(() => Assert.Contains("No notifications yet", cut.Find("[data-testid=notifications-empty]").TextContent));
        Assert.Empty(cut.FindAll("[data-testid=clear-filters]"));
        Assert.True(cut.Find("[data-testid=mark-all-read]").HasAttribute("disabled"));
    }

    [Fact]
    public async Task Page_NotificationRaisedWhileOpen_AppearsWithoutAReload()
    {
        var cut = await RenderAsync<NotificationsPage>();
        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid=notifications-empty]")));

        await Task.Run(() => RaiseAsync(NotificationKind.NeedsConfirmation, "Diwali offer missed its time"));

        cut.WaitForAssertion(() => Assert.Equal(["Diwali offer missed its time"], Titles(cut)));
        Assert.Equal("1 unread", cut.Find("[data-testid=unread-count]").TextContent.Trim());
    }

    [Fact]
    public async Task Preferences_TickingEmail_SavesItForThatKindOnly()
    {
        var cut = await RenderAsync<NotificationsPage>();
        cut.WaitForAssertion(() => Assert.Equal(Enum.GetValues<NotificationKind>().Length, cut.FindAll("[data-testid=preference]").Count));

        cut.Find("[data-testid=preference][data-kind=Failed] [data-testid=preference-email]").Change(true);

        cut.WaitForAssertion(() => Assert.Contains(ShownSnackbars, s => s.Message == "Failed: in the app and by email."));
        var saved = await AsManagerServiceAsync(s => s.GetPreferencesAsync());
        Assert.Equal(new NotificationPreferenceSetting(NotificationKind.Failed, true, true), saved.Single(p => p.Kind == NotificationKind.Failed));
        Assert.All(saved.Where(p => p.Kind != NotificationKind.Failed), p => Assert.Equal((true, false), (p.InApp, p.ByEmail)));

        cut.Find("[data-testid=preference][data-kind=Failed] [data-testid=preference-in-app]").Change(false);

        cut.WaitForAssertion(() => Assert.Contains(ShownSnackbars, s => s.Message == "Failed: by email only."));
    }

    private Task RaiseAsync(NotificationKind kind, string title) =>
        App.Services.GetRequiredService<ICampaignNotifier>().NotifyAsync(
            new CampaignNotification(kind, campaignId, "Diwali offer", title, $"{title}.", $"{kind}:{campaignId}"),
            CancellationToken.None);

    private Task<T> AsManagerServiceAsync<T>(Func<NotificationService, Task<T>> act) => CampaignWorld.AsAsync(App, CampaignWorld.ManagerEmail, act);

    private static IReadOnlyList<AngleSharp.Dom.IElement> Items(IRenderedComponent<ContainerFragment> cut) => [.. cut.FindAll("[data-testid=notification]")];

    private static string[] Titles(IRenderedComponent<ContainerFragment> cut) =>
        [.. cut.FindAll("[data-testid=notification-title]").Select(t => t.TextContent.Trim())];
}
