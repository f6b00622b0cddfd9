using CampaignStudio.Features.Campaigns;
using CampaignStudio.Features.Delivery;
using CampaignStudio.Features.Delivery.Progress;
using CampaignStudio.Features.Shared;
using CampaignStudio.Tests.TestSupport;

namespace CampaignStudio.Tests.Features.Delivery.Progress;

/// <summary>
/// A campaign's progress read from its ledger on both providers: every status counted overall and per channel, pending
/// rows split into due now and not due yet, the rate from the last ten seconds' sends, the time left from both, skip
/// reasons, the most frequent errors and lease lapses.
/// </summary>
public abstract class CampaignProgressServiceTests(ProgressWorld world)
{
    private const string TryLater = "421 4.7.0 Try again later";
    private const string Spam = "554 5.7.1 Message rejected as spam";
    private const string NoSuchUser = "550 5.1.1 No such user";
    private const string Unreachable = "30003 Unreachable destination handset";

    private long contact;

    public sealed class OnSqlite(ProgressWorld.OnSqlite world) : CampaignProgressServiceTests(world), IClassFixture<ProgressWorld.OnSqlite>;

    public sealed class OnMySql(ProgressWorld.OnMySql world) : CampaignProgressServiceTests(world), IClassFixture<ProgressWorld.OnMySql>;

    [Fact]
    public async Task Get_LedgerInEveryState_CountsEachStatusOverallAndPerChannel()
    {
        var id = await LedgerInEveryStateAsync();

        var progress = await world.Service.GetAsync(id);

        Assert.Equal((CampaignStatus.Sending, true), (progress.Status, progress.HasRows));
        var email = progress.Channels.Single(c => c.Channel == Channel.Email).Counts;
        Assert.Equal(
            (Queued: 4, Waiting: 3, Retrying: 2, InFlight: 2, Sent: 6, Delivered: 1, Undelivered: 1, Failed: 3, Skipped: 3, Cancelled: 1, Outboxed: 0, Total: 24),
            (email.Queued, email.Waiting, email.Retrying, email.InFlight, email.Sent, email.Delivered, email.Undelivered, email.Failed, email.Skipped, email.Cancelled, email.Outboxed, email.Total));
        var sms = progress.Channels.Single(c => c.Channel == Channel.Sms).Counts;
        Assert.Equal((Queued: 1, Sent: 1, Skipped: 1, Outboxed: 3, Total: 6), (sms.Queued, sms.Sent, sms.Skipped, sms.Outboxed, sms.Total));
        var totals = progress.Totals;
        Assert.Equal((Total: 30, Done: 20, Open: 10, Accepted: 9, Outboxed: 3), (totals.Total, totals.Done, totals.Open, totals.Accepted, totals.Outboxed));
        Assert.Equal(20 / 30.0, totals.DoneShare, 6);
        Assert.Equal([Channel.Email, Channel.Sms], progress.Channels.Select(c => c.Channel));
    }

    [Fact]
    public async Task Get_LedgerInEveryState_RateFromTheLastTenSecondsAndTimeLeftForWhatIsDue()
    {
        var id = await LedgerInEveryStateAsync();

        var progress = await world.Service.GetAsync(id);

        // Email: 4 sent in the last 10 s (2 more a minute ago) ⇒ 0.4/s; 4 queued + 2 in flight ⇒ 15 s.
        // SMS: 1 sent in the last 10 s ⇒ 0.1/s; 1 queued ⇒ 10 s. The campaign: 0.5/s, done when the slowest is.
        var email = progress.Channels.Single(c => c.Channel == Channel.Email);
        var sms = progress.Channels.Single(c => c.Channel == Channel.Sms);
        Assert.Equal((0.4, TimeSpan.FromSeconds(15)), (Math.Round(email.RatePerSecond, 6), email.Eta));
        Assert.Equal((0.1, TimeSpan.FromSeconds(10)), (Math.Round(sms.RatePerSecond, 6), sms.Eta));
        Assert.Equal((0.5, TimeSpan.FromSeconds(15)), (Math.Round(progress.RatePerSecond, 6), progress.Eta));
        Assert.Equal(world.Now.AddSeconds(30), progress.NextDueUtc);
        Assert.Equal(world.Now, progress.AsOfUtc);
    }

    [Fact]
    public async Task Get_LedgerInEveryState_SkipReasonsErrorsAndLeaseLapses()
    {
        var id = await LedgerInEveryStateAsync();
        var now = world.Now;

        var progress = await world.Service.GetAsync(id);

        Assert.Equal([new(SkipReason.NoConsent, 2), new(SkipReason.NoAddress, 1), new(SkipReason.Suppressed, 1)], progress.SkipReasons);
        Assert.Equal(
            [
                new(TryLater, 2, 2, now.AddSeconds(-5)),
                new(Spam, 2, 0, now.AddSeconds(-20)),
                new(NoSuchUser, 1, 0, now.AddSeconds(-10)),
                new(Unreachable, 1, 0, now.AddSeconds(-70)),
            ],
            progress.Errors);
        Assert.Equal(1, progress.LeaseLapses);
    }

    [Fact]
    public async Task Get_SoonAfterTheStart_RateIsOverTheTimeSinceTheStart()
    {
        var id = await world.SendingCampaignAsync("Just started");
        world.Clock.Advance(TimeSpan.FromSeconds(2));
        var now = world.Now;
        await world.AddRowsAsync([.. Enumerable.Range(0, 4).Select(_ => Row(id, Channel.Sms, r => Sent(r, now.AddSeconds(-1)))), Row(id, Channel.Sms)]);

        var progress = await world.Service.GetAsync(id);

        Assert.Equal(2.0, progress.RatePerSecond, 6);
        Assert.Equal(TimeSpan.FromSeconds(1), progress.Eta);
    }

    [Fact]
    public async Task Get_NothingSentLately_HasNoTimeLeftYet_AndNothingDueIsDone()
    {
        var stalled = await world.SendingCampaignAsync("Stalled");
        var waiting = await world.SendingCampaignAsync("Waiting for the next wave");
        world.Clock.Advance(TimeSpan.FromMinutes(1));
        var now = world.Now;
        await world.AddRowsAsync([Row(stalled, Channel.Sms, r => Sent(r, now.AddSeconds(-30))), Row(stalled, Channel.Sms)]);
        await world.AddRowsAsync([Row(waiting, Channel.Sms, r => Sent(r, now.AddSeconds(-30))), Row(waiting, Channel.Sms, due: now.AddHours(2))]);

        var stalledProgress = await world.Service.GetAsync(stalled);
        var waitingProgress = await world.Service.GetAsync(waiting);

        Assert.Equal((0.0, (TimeSpan?)null), (stalledProgress.RatePerSecond, stalledProgress.Eta));
        Assert.Equal((TimeSpan.Zero, now.AddHours(2)), (waitingProgress.Eta, waitingProgress.NextDueUtc));
    }

    [Fact]
    public async Task Get_PausedByTheEngine_HasTheReasonAndNoTimeLeft()
    {
        var id = await world.SendingCampaignAsync("Outage");
        await world.AddRowsAsync([Row(id, Channel.Sms, r => Sent(r, world.Now)), Row(id, Channel.Sms)]);
        await world.ChangeCampaignAsync(id, c => c.AutoPause("60% of its recent SMS messages failed.", world.Now));

        var progress = await world.Service.GetAsync(id);

        Assert.Equal((CampaignStatus.Paused, "60% of its recent SMS messages failed.", (TimeSpan?)null), (progress.Status, progress.PauseReason, progress.Eta));
        Assert.Equal((1, 1), (progress.Totals.Accepted, progress.Totals.Queued));
    }

    [Fact]
    public async Task Get_NotStartedYet_HasNoRows()
    {
        var id = await world.ScheduledCampaignAsync("Later");

        var progress = await world.Service.GetAsync(id);

        Assert.Equal((CampaignStatus.Scheduled, false, 0, (TimeSpan?)null), (progress.Status, progress.HasRows, progress.Totals.Total, progress.Eta));
        Assert.Empty(progress.Channels);
        Assert.Empty(progress.Errors);
    }

    [Fact]
    public async Task Get_UnknownCampaign_IsNotFound()
    {
        await Assert.ThrowsAsync<NotFoundException>(() => world.Service.GetAsync(987_654));
    }

    [Fact]
    public async Task Summaries_OfSeveralCampaigns_StateCountsAndRateOfEach()
    {
        var first = await world.SendingCampaignAsync("First");
        var second = await world.SendingCampaignAsync("Second");
        var scheduled = await world.ScheduledCampaignAsync("Third");
        world.Clock.Advance(TimeSpan.FromMinutes(1));
        var now = world.Now;
        await world.AddRowsAsync([Row(first, Channel.Sms, r => Sent(r, now.AddSeconds(-2))), Row(first, Channel.Sms, r => Sent(r, now.AddSeconds(-3))), Row(first, Channel.Sms)]);
        await world.AddRowsAsync([Row(second, Channel.Sms, r => r.Fail("Twilio", "21211 Invalid 'To' number", now)), Row(second, Channel.Sms, due: now.AddHours(1))]);

        var summaries = await world.Service.SummariesAsync([first, second, scheduled]);

        Assert.Equal((CampaignStatus.Sending, 3, 2, 0.2), (summaries[first].Status, summaries[first].Counts.Total, summaries[first].Counts.Done, Math.Round(summaries[first].RatePerSecond, 6)));
        Assert.Equal((2, 1, 1, 1), (summaries[second].Counts.Total, summaries[second].Counts.Failed, summaries[second].Counts.Pending, summaries[second].Counts.Open));
        Assert.Equal((CampaignStatus.Scheduled, 0), (summaries[scheduled].Status, summaries[scheduled].Counts.Total));
    }

    /// <summary>
    /// Two minutes after the start: email rows in every state (2 retries, one due now and one in 30 s; sends 3 s and
    /// a minute ago; a delivered and an undelivered report; failures, skips, a cancel) and SMS rows (3 in the Outbox, a
    /// send after a lapsed claim, a suppressed address, one queued).
    /// </summary>
    private async Task<int> LedgerInEveryStateAsync()
    {
        var id = await world.SendingCampaignAsync("Every state " + Guid.NewGuid().ToString("N")[..6]);
        world.Clock.Advance(TimeSpan.FromMinutes(2));
        var now = world.Now;
        var e = Channel.Email;
        await world.AddRowsAsync(
        [
            Row(id, e), Row(id, e), Row(id, e),
            Row(id, e, due: now.AddHours(1)), Row(id, e, due: now.AddHours(1)),
            Row(id, e, r => { Claim(r, now.AddSeconds(-31)); r.RetryLater("SMTP", TryLater, now.AddSeconds(-1), now.AddSeconds(-30)); }),
            Row(id, e, r => { Claim(r, now.AddSeconds(-6)); r.RetryLater("SMTP", TryLater, now.AddSeconds(30), now.AddSeconds(-5)); }),
            Row(id, e, r => Claim(r, now)), Row(id, e, r => Claim(r, now)),
            .. Enumerable.Range(0, 4).Select(_ => Row(id, e, r => Sent(r, now.AddSeconds(-3)))),
            .. Enumerable.Range(0, 2).Select(_ => Row(id, e, r => Sent(r, now.AddSeconds(-60)))),
            Row(id, e, r => { Sent(r, now.AddSeconds(-90)); r.ApplyProviderReport(DeliveryStatus.Delivered, null, now.AddSeconds(-80)); }),
            Row(id, e, r => { Sent(r, now.AddSeconds(-90)); r.ApplyProviderReport(DeliveryStatus.Undelivered, Unreachable, now.AddSeconds(-70)); }),
            Row(id, e, r => { Claim(r, now.AddSeconds(-21)); r.Fail("SMTP", Spam, now.AddSeconds(-20)); }),
            Row(id, e, r => { Claim(r, now.AddSeconds(-26)); r.Fail("SMTP", Spam, now.AddSeconds(-25)); }),
            Row(id, e, r => { Claim(r, now.AddSeconds(-11)); r.Fail("SMTP", NoSuchUser, now.AddSeconds(-10)); }),
            Row(id, e, r => r.Skip(SkipReason.NoConsent, now)), Row(id, e, r => r.Skip(SkipReason.NoConsent, now)),
            Row(id, e, r => r.Skip(SkipReason.NoAddress, now)),
            Row(id, e, r => r.Cancel(now)),
            .. Enumerable.Range(0, 3).Select(_ => Row(id, Channel.Sms, r => { Claim(r, now.AddSeconds(-50)); r.MarkOutboxed("Outbox", "outbox-1", now.AddSeconds(-50)); })),
            Row(id, Channel.Sms, r => { Claim(r, now.AddSeconds(-200)); Claim(r, now.AddSeconds(-4)); r.MarkSent("Twilio", "SM1", now.AddSeconds(-2)); }),
            Row(id, Channel.Sms, r => r.Skip(SkipReason.Suppressed, now)),
            Row(id, Channel.Sms),
        ]);
        return id;
    }

    private DeliveryRecord Row(int campaignId, Channel channel, Action<DeliveryRecord>? state = null, DateTime? due = null)
    {
        var now = world.Now;
        var row = new DeliveryRecord(campaignId, ++contact, channel, due ?? now.AddMinutes(-1), now.AddMinutes(-1));
        state?.Invoke(row);
        return row;
    }

    private static void Claim(DeliveryRecord row, DateTime at) => row.Claim(Guid.NewGuid(), "test-instance", at.AddMinutes(2), at);

    private static void Sent(DeliveryRecord row, DateTime at)
    {
        Claim(row, at.AddSeconds(-1));
        row.MarkSent("SMTP", "msg-" + Guid.NewGuid().ToString("N")[..8], at);
    }
}
