using Bunit;
using Bunit.Rendering;
using CampaignStudio.Features.Campaigns;
using CampaignStudio.Features.Campaigns.Pages;
using CampaignStudio.Features.Delivery;
using CampaignStudio.Features.Delivery.Progress.Pages;
using CampaignStudio.Features.Identity;
using CampaignStudio.Features.Shared;
using CampaignStudio.Tests.Features.Campaigns;
using CampaignStudio.Tests.TestSupport;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace CampaignStudio.Tests.Features.Delivery.Progress;

/// <summary>
/// The progress panel and the campaign list against the real progress service and hub on SQLite. The panel shows the
/// ledger, and when a row is recorded elsewhere and <see cref="IDeliveryProgress.Changed"/> fires, it shows the new
/// figures without a reload (at most one reload per interval); the state, the Outbox, skip reasons and errors; it lets
/// go of the hub when disposed; on the details page a pause by the engine reaches the status chip and the actions.
/// The list shows a live bar for sending campaigns with one subscription for the page.
/// </summary>
public sealed class LiveProgressPagesTests : BunitContextBase
{
    private readonly ProgressWorld world = new ProgressWorld.OnSqlite();
    private readonly CountingDeliveryProgress counting = new();
    private AsyncServiceScope? scope;
    private long contact;

    public LiveProgressPagesTests() => DefaultWaitTimeout = TimeSpan.FromSeconds(10);

    private DeliveryProgressHub Hub => world.App.Services.GetRequiredService<DeliveryProgressHub>();

    [Fact]
    public async Task Panel_RowRecordedElsewhere_ShowsTheNewCountsWhenChangedFires()
    {
        var id = await world.SendingCampaignAsync("Live");
        await world.AddRowsAsync([Row(id), Row(id), Row(id), Row(id)]);
        var cut = await RenderPanelAsync(id);
        cut.WaitForAssertion(() => Assert.Equal("0%", Text(cut, "progress-percent")));
        Assert.Equal(("0", "4"), (Count(cut, "sent"), Count(cut, "queued")));

        // A worker records a send; the engine tells the hub, which tells the panel.
        await world.ChangeRowAsync(id, 1, r => Sent(r));
        await ChangedAsync(id);

        cut.WaitForAssertion(() => Assert.Equal(("1", "3"), (Count(cut, "sent"), Count(cut, "queued"))));
        Assert.Equal("25%", Text(cut, "progress-percent"));
        Assert.Contains("1 of 4 messages done", Text(cut, "progress-summary"));

        // The next change comes sooner than the panel reloads (the clock stands still): it shows once the interval is over.
        await world.ChangeRowAsync(id, 2, r => Sent(r));
        await ChangedAsync(id);
        await Task.Delay(300);
        Assert.Equal("1", Count(cut, "sent"));
        await UntilAsync(() => Assert.Equal(("2", "2", "50%"), (Count(cut, "sent"), Count(cut, "queued"), Text(cut, "progress-percent"))));
    }

    [Fact]
    public async Task Panel_ChangeOfAnotherCampaign_DoesNotReload()
    {
        var id = await world.SendingCampaignAsync("Mine");
        var other = await world.SendingCampaignAsync("Other");
        await world.AddRowsAsync([Row(id), Row(other)]);
        // Saving the campaigns told the hub about both; hand those changes out before the one under test.
        await Hub.FlushAsync();
        var cut = await RenderPanelAsync(id);
        cut.WaitForAssertion(() => Assert.Equal("0", Count(cut, "sent")));
        await world.ChangeRowAsync(id, 1, r => Sent(r));
        var renders = cut.RenderCount;

        await ChangedAsync(other);
        world.Clock.Advance(TimeSpan.FromSeconds(1));
        await Task.Delay(300);

        Assert.Equal(renders, cut.RenderCount);
        Assert.Equal("0", Count(cut, "sent"));
    }

    [Fact]
    public async Task Panel_NotStartedYet_SaysSo()
    {
        var id = await world.ScheduledCampaignAsync("Tomorrow");

        var cut = await RenderPanelAsync(id);

        cut.WaitForAssertion(() => Assert.Contains("Not started yet", Text(cut, "progress-empty")));
        Assert.Empty(cut.FindAll("[data-testid=progress-bar]"));
    }

    [Fact]
    public async Task Panel_EnginePauses_ShowsTheReasonAndTellsThePage()
    {
        var id = await world.SendingCampaignAsync("Outage");
        await world.AddRowsAsync([Row(id, r => Sent(r)), Row(id)]);
        var told = new List<CampaignStatus>();
        var cut = await RenderPanelAsync(id, EventCallback.Factory.Create<CampaignStatus>(this, told.Add));
        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid=progress-live]")));

        await world.ChangeCampaignAsync(id, c => c.AutoPause("62% of its recent SMS messages failed. Last error: 20003 Authenticate", world.Now));
        await ChangedAsync(id);

        cut.WaitForAssertion(() => Assert.Contains("62% of its recent SMS messages failed", Text(cut, "progress-paused")));
        Assert.Equal([CampaignStatus.Paused], told);
        Assert.Empty(cut.FindAll("[data-testid=progress-live]"));
        Assert.Contains("paused", Text(cut, "progress-eta"));
    }

    [Fact]
    public async Task Panel_OutboxSkipsErrorsAndChannels_AreShown()
    {
        var id = await world.SendingCampaignAsync("Mixed");
        var now = world.Now;
        await world.AddRowsAsync(
        [
            Row(id, r => r.Skip(SkipReason.NoConsent, now)),
            Row(id, r => r.Skip(SkipReason.NoConsent, now)),
            Row(id, r => { r.Claim(Guid.NewGuid(), "test", now.AddMinutes(2), now); r.Fail("Twilio", "21610 Attempt to send to unsubscribed recipient", now); }),
            Row(id, r => { r.Claim(Guid.NewGuid(), "test", now.AddMinutes(2), now); r.MarkOutboxed("Outbox", "o-1", now); }),
            Row(id, r => Sent(r), Channel.Email),
            Row(id, channel: Channel.Email),
        ]);

        var cut = await RenderPanelAsync(id);

        cut.WaitForAssertion(() => Assert.Contains("NOT SENT", Text(cut, "progress-outbox")));
        Assert.Contains("no provider is configured for SMS", Text(cut, "progress-outbox"));
        Assert.Equal("1", Count(cut, "outboxed"));
        Assert.Contains("No consent: 2", Text(cut, "progress-skip-reasons"));
        Assert.Contains("21610 Attempt to send to unsubscribed recipient", Text(cut, "progress-errors"));
        var channels = cut.FindAll("[data-testid=progress-channel]").Select(r => r.GetAttribute("data-channel")).ToList();
        Assert.Equal(["Email", "Sms"], channels);
    }

    [Fact]
    public async Task Panel_Disposed_LetsGoOfTheHub()
    {
        var id = await world.SendingCampaignAsync("Closed");
        var cut = await RenderPanelAsync(id);
        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid=progress-empty]")));
        Assert.Equal(1, counting.Active);

        await DisposeComponentsAsync();

        Assert.Equal(0, counting.Active);
    }

    [Fact]
    public async Task DetailsPage_EnginePausesTheCampaign_StatusChipAndActionsFollow()
    {
        var id = await world.SendingCampaignAsync("Page");
        await world.AddRowsAsync([Row(id)]);
        var cut = RenderAsManager<CampaignDetailsPage>(id);
        cut.WaitForAssertion(() => Assert.Equal("Sending", cut.Find("[data-testid=status-chip]").TextContent.Trim()));
        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid=progress-live]")));

        await world.ChangeCampaignAsync(id, c => c.AutoPause("Too many failures.", world.Now));
        await ChangedAsync(id);

        cut.WaitForAssertion(() => Assert.Equal("Paused", cut.Find("[data-testid=status-chip]").TextContent.Trim()));
        Assert.Single(cut.FindAll("[data-testid=action-resume]"));
        Assert.Empty(cut.FindAll("[data-testid=action-pause]"));
    }

    [Fact]
    public async Task CampaignList_SendingCampaign_BarFollowsTheLedgerWithOneSubscriptionForThePage()
    {
        var sending = await world.SendingCampaignAsync("Sending now");
        var other = await world.SendingCampaignAsync("Sending too");
        await world.ScheduledCampaignAsync("Scheduled");
        await world.AddRowsAsync([Row(sending, r => Sent(r)), Row(sending), Row(sending), Row(sending), Row(other)]);
        var cut = RenderAsManager<CampaignsPage>();
        cut.WaitForAssertion(() => Assert.Equal(["0/1", "1/4"], Bars(cut)));
        Assert.Equal(1, counting.Active);

        await world.ChangeRowAsync(sending, 2, r => Sent(r));
        await ChangedAsync(sending);
        await UntilAsync(() => Assert.Equal(["0/1", "2/4"], Bars(cut)));

        await world.ChangeRowAsync(sending, 3, r => Sent(r));
        await world.ChangeRowAsync(sending, 4, r => Sent(r));
        await world.ChangeCampaignAsync(sending, c => c.MarkCompleted(world.Now));
        await ChangedAsync(sending);
        await UntilAsync(() => Assert.Equal(["0/1"], Bars(cut)));
        Assert.Equal(["Scheduled", "Sending", "Completed"], cut.FindAll("[data-testid=status-chip]").Select(c => c.TextContent.Trim()));

        await DisposeComponentsAsync();
        Assert.Equal(0, counting.Active);
    }

    protected override async Task InitializeAsync() => await world.InitializeAsync();

    protected override async ValueTask OnDisposedAsync()
    {
        if (scope is { } s)
        {
            await s.DisposeAsync();
        }

        await world.DisposeAsync();
    }

    private Task<IRenderedComponent<CampaignProgressPanel>> RenderPanelAsync(int campaignId, EventCallback<CampaignStatus>? statusChanged = null)
    {
        Services.AddFallbackServiceProvider(world.App.Services);
        Services.AddSingleton<IDeliveryProgress>(counting.Wrapping(Hub));
        return Task.FromResult(Render<CampaignProgressPanel>(p =>
        {
            p.Add(c => c.CampaignId, campaignId);
            if (statusChanged is { } callback)
            {
                p.Add(c => c.StatusChanged, callback);
            }
        }));
    }

    private IRenderedComponent<ContainerFragment> RenderAsManager<TPage>(int? id = null)
        where TPage : IComponent
    {
        scope = world.App.ScopeForUserAsync(CampaignWorld.ManagerEmail).GetAwaiter().GetResult();
        Services.AddFallbackServiceProvider(scope.Value.ServiceProvider);
        Services.AddSingleton<IDeliveryProgress>(counting.Wrapping(Hub));
        AuthorizeAs(CampaignWorld.ManagerEmail, Roles.CampaignManager);
        return Render(builder =>
        {
            builder.OpenComponent<MudPopoverProvider>(0);
            builder.CloseComponent();
            builder.OpenComponent<MudDialogProvider>(1);
            builder.CloseComponent();
            builder.OpenComponent<TPage>(2);
            if (id is { } value)
            {
                builder.AddComponentParameter(3, "Id", value);
            }

            builder.CloseComponent();
        });
    }

    private static List<string> Bars(IRenderedComponent<ContainerFragment> cut) =>
        [.. cut.FindAll("[data-testid=row-progress]").Select(b => $"{b.GetAttribute("data-done")}/{b.GetAttribute("data-total")}")];

    /// <summary>What the engine does after recording rows: tell the hub; the hub hands it on at its next flush.</summary>
    private async Task ChangedAsync(int campaignId)
    {
        Hub.Changed(campaignId);
        await Hub.FlushAsync();
    }

    private Task UntilAsync(Action assertion) => world.Clock.AdvanceUntilAsync(assertion, TimeSpan.FromMilliseconds(250));

    private static string Text(IRenderedComponent<IComponent> cut, string testId) => cut.Find($"[data-testid={testId}]").TextContent;

    private static string Text<T>(IRenderedComponent<T> cut, string testId)
        where T : IComponent => cut.Find($"[data-testid={testId}]").TextContent.Trim();

    private static string Count<T>(IRenderedComponent<T> cut, string stat)
        where T : IComponent => cut.Find($"[data-testid=progress-{stat}]").GetAttribute("data-count")!;

    private DeliveryRecord Row(int campaignId, Action<DeliveryRecord>? state = null, Channel channel = Channel.Sms)
    {
        var row = new DeliveryRecord(campaignId, ++contact, channel, world.Now.AddMinutes(-1), world.Now.AddMinutes(-1));
        state?.Invoke(row);
        return row;
    }

    private void Sent(DeliveryRecord row)
    {
        row.Claim(Guid.NewGuid(), "test", world.Now.AddMinutes(2), world.Now);
        row.MarkSent("Twilio", "SM" + row.ContactId, world.Now);
    }
}
