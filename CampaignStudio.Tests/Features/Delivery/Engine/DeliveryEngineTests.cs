using CampaignStudio.Features.Audience.Contacts;
using CampaignStudio.Features.Campaigns;
using CampaignStudio.Features.Delivery;
using CampaignStudio.Features.Delivery.Channels;
using CampaignStudio.Features.Delivery.Engine;
using CampaignStudio.Features.Delivery.Links;
using CampaignStudio.Features.Notifications;
using CampaignStudio.Features.Shared;
using CampaignStudio.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CampaignStudio.Tests.Features.Delivery.Engine;

/// <summary>
/// The sending engine end to end in the running app, on both providers: scheduled campaigns start by themselves, every
/// recipient gets exactly one message through the channel, results are recorded from the provider's answers, retries
/// back off, failures pause the campaign, and pause, resume, stop and unsubscribe take effect.
/// </summary>
public abstract class DeliveryEngineTests(DatabaseKind kind)
{
    public sealed class OnSqlite() : DeliveryEngineTests(DatabaseKind.Sqlite);

    public sealed class OnMySql() : DeliveryEngineTests(DatabaseKind.MySql);

    [Fact]
    public async Task SendNow_StartsByItself_EveryRecipientGetsOneRenderedMessage_ThenCompleted()
    {
        await using var world = await EngineWorld.StartAsync(kind);
        await world.AddContactsAsync(40);

        var id = await world.ScheduleCampaignAsync("Diwali", [Channel.Email, Channel.Sms]);

        Assert.Equal(CampaignStatus.Completed, await world.WaitForStatusAsync(id, CampaignStatus.Completed));
        var rows = await world.RowsAsync(id);
        Assert.Equal(80, rows.Count);
        Assert.All(rows, r => Assert.Equal(DeliveryStatus.Sent, r.Status));
        Assert.All(rows, r => Assert.Equal(1, r.Attempts));
        Assert.Equal(40, world.Email.Messages.Select(m => m.DeliveryId).Distinct().Count());
        Assert.Equal(40, world.Sms.Messages.Select(m => m.DeliveryId).Distinct().Count());
        var email = world.Email.Messages.OfType<EmailMessage>().Single(m => m.Recipient == "c7@example.test");
        Assert.Equal(("Hello Person7", "offers@acme.example", "Acme Offers", "help@acme.example"), (email.Subject, email.FromAddress, email.FromName, email.ReplyTo));
        Assert.Contains("Hi Person7, festive prices", email.Html);
        Assert.Contains("Hi Person7, festive prices", email.Text);
        Assert.StartsWith("https://campaigns.acme.example/u/", email.UnsubscribeUrl);
        Assert.Contains(email.UnsubscribeUrl!, email.Html);
        var row = rows.Single(r => r.Id == email.DeliveryId);
        Assert.Equal(("SMTP", "smtp-" + email.DeliveryId), (row.Provider, row.ProviderMessageId));
        var sms = world.Sms.Messages.OfType<SmsMessage>().Single(m => m.Recipient == "+919820000007");
        Assert.Equal("Hi Person7, festive prices until Sunday.", sms.Body);
        // Completed is committed first; its notification follows.
        await world.WaitUntilAsync(() => Task.FromResult(world.Notes.For(id).Any(n => n.Kind == NotificationKind.Completed)), what: "the completed notification");
        Assert.Equal([NotificationKind.Started, NotificationKind.Completed], world.Notes.For(id).Select(n => n.Kind));
        Assert.Contains("80 sent, 0 failed, 0 skipped", world.Notes.For(id)[1].Message);
    }

    [Fact]
    public async Task FirstMessages_GoOnlyOnceTheChannelWasWarmed_AndASlowWarmUpHoldsThemBackRatherThanBunchingThem()
    {
        await using var world = await EngineWorld.StartAsync(kind, new Dictionary<string, string?>
        {
            ["Campaigns:Delivery:Concurrency:Sms"] = "3",
            ["Campaigns:Delivery:BatchSize"] = "10",
        });
        world.Sms.WarmUpDelay = TimeSpan.FromMilliseconds(300);
        await world.AddContactsAsync(60);

        var id = await world.ScheduleCampaignAsync("Warm first", [Channel.Sms]);

        Assert.Equal(CampaignStatus.Completed, await world.WaitForStatusAsync(id, CampaignStatus.Completed));
        var warmedAt = Assert.Single(world.Sms.WarmUps);
        Assert.Equal(60, world.Sms.Received.Count);
        // (Less 20 ms: the delay's timer and the wall clock are not the same clock.)
        Assert.All(world.Sms.Received, r => Assert.True(r.AtUtc >= warmedAt + world.Sms.WarmUpDelay - TimeSpan.FromMilliseconds(20), $"A message went at {r.AtUtc:O}, before the warm-up that started at {warmedAt:O} was over."));
    }

    [Fact]
    public async Task FourWorkersOnASlowProvider_HoldNoMoreRenderedMessagesThanTheChannelsInFlightLimit_AndSendEveryoneOnce()
    {
        await using var world = await EngineWorld.StartAsync(kind, new Dictionary<string, string?>
        {
            ["Campaigns:Delivery:Concurrency:Email"] = "4",
            ["Campaigns:Delivery:MessagesInFlight:Email"] = "16",
            ["Campaigns:Delivery:BatchSize"] = "60",
        });
        world.Email.Delay = TimeSpan.FromMilliseconds(30);
        await world.AddContactsAsync(400);

        var id = await world.ScheduleCampaignAsync("Slow provider", [Channel.Email]);

        Assert.Equal(CampaignStatus.Completed, await world.WaitForStatusAsync(id, CampaignStatus.Completed));
        var rows = await world.RowsAsync(id);
        Assert.Equal(400, rows.Count);
        Assert.All(rows, r => Assert.Equal((DeliveryStatus.Sent, 1), (r.Status, r.Attempts)));
        Assert.Equal(400, world.Email.Messages.Select(m => m.DeliveryId).Distinct().Count());
        // Four workers with batches of 60 had up to 240 messages to hand over at once; 16 at a time were rendered.
        Assert.InRange(world.Email.MostAtOnce, 2, 16);
    }

    [Fact]
    public async Task Start_ContactsWithoutAddressConsentOrSuppressed_AreSkippedWithTheReasonAndNotSent()
    {
        await using var world = await EngineWorld.StartAsync(kind);
        var ids = await world.AddContactsAsync(6, (n, c) =>
        {
            if (n == 1)
            {
                c.SetEmail(null, null);
            }

            if (n == 2)
            {
                c.SetConsent(Channel.Email, ConsentStatus.Withdrawn, "test", "v1", DateTime.UtcNow);
            }

            if (n == 3)
            {
                c.SetConsent(Channel.Email, ConsentStatus.Unknown, "test", "v1", DateTime.UtcNow);
            }
        });
        await using (var db = await world.ContextAsync())
        {
            var hash = await db.Contacts.Where(c => c.Id == ids[4]).Select(c => c.EmailHash!).FirstAsync();
            db.SuppressedAddresses.Add(new SuppressedAddress(Channel.Email, hash, SuppressionReason.Complaint, null, DateTime.UtcNow));
            await db.SaveChangesAsync();
        }

        var id = await world.ScheduleCampaignAsync("Skips", [Channel.Email]);

        Assert.Equal(CampaignStatus.Completed, await world.WaitForStatusAsync(id, CampaignStatus.Completed));
        var rows = (await world.RowsAsync(id)).ToDictionary(r => r.ContactId);
        Assert.Equal(6, rows.Count);
        Assert.Equal(SkipReason.NoAddress, rows[ids[1]].SkipReason);
        Assert.Equal(SkipReason.NoConsent, rows[ids[2]].SkipReason);
        Assert.Equal(SkipReason.NoConsent, rows[ids[3]].SkipReason);
        Assert.Equal(SkipReason.Suppressed, rows[ids[4]].SkipReason);
        Assert.All(new[] { ids[1], ids[2], ids[3], ids[4] }, c => Assert.Equal(DeliveryStatus.Skipped, rows[c].Status));
        Assert.All(new[] { ids[0], ids[5] }, c => Assert.Equal(DeliveryStatus.Sent, rows[c].Status));
        Assert.Equal(["c0@example.test", "c5@example.test"], world.Email.Messages.Select(m => m.Recipient).Order());
    }

    [Fact]
    public async Task TransientFailure_IsRetriedAfterRetryAfter_ThenSent()
    {
        await using var world = await EngineWorld.StartAsync(kind);
        await world.AddContactsAsync(3);
        world.Email.Answer = (m, before) => before == 0
            ? SendResult.Transient(m.DeliveryId, "421 4.7.0 Try again later", TimeSpan.FromSeconds(2))
            : SendResult.Accepted(m.DeliveryId, "ok-" + m.DeliveryId);

        var id = await world.ScheduleCampaignAsync("Retry", [Channel.Email]);

        Assert.Equal(CampaignStatus.Completed, await world.WaitForStatusAsync(id, CampaignStatus.Completed));
        var rows = await world.RowsAsync(id);
        Assert.All(rows, r => Assert.Equal((DeliveryStatus.Sent, 2, "ok-" + r.Id), (r.Status, r.Attempts, r.ProviderMessageId)));
        foreach (var group in world.Email.Received.GroupBy(r => r.Message.DeliveryId))
        {
            var times = group.Select(r => r.AtUtc).Order().ToList();
            Assert.True(times[1] - times[0] >= TimeSpan.FromSeconds(1.9), $"retried after {(times[1] - times[0]).TotalSeconds:F2} s, before the provider's Retry-After");
        }
    }

    [Fact]
    public async Task TransientFailures_GiveUpAfterMaxAttempts_AndPermanentAndDeadAddressesFailWithTheReason()
    {
        await using var world = await EngineWorld.StartAsync(kind, new Dictionary<string, string?> { ["Campaigns:Delivery:MaxAttempts"] = "3", ["Campaigns:Delivery:AutoPauseMinAttempts"] = "1000" });
        var ids = await world.AddContactsAsync(3);
        world.Email.Answer = (m, _) => m.Recipient switch
        {
            "c0@example.test" => SendResult.Transient(m.DeliveryId, "451 4.3.0 Mail server temporarily rejected message"),
            "c1@example.test" => SendResult.Permanent(m.DeliveryId, "554 5.7.1 Message rejected as spam"),
            _ => SendResult.InvalidRecipient(m.DeliveryId, "550 5.1.1 No such user"),
        };

        var id = await world.ScheduleCampaignAsync("Failures", [Channel.Email]);

        Assert.Equal(CampaignStatus.Completed, await world.WaitForStatusAsync(id, CampaignStatus.Completed));
        var rows = (await world.RowsAsync(id)).ToDictionary(r => r.ContactId);
        Assert.Equal((DeliveryStatus.Failed, 3, "Gave up after 3 attempts: 451 4.3.0 Mail server temporarily rejected message"), (rows[ids[0]].Status, rows[ids[0]].Attempts, rows[ids[0]].Error));
        Assert.Equal((DeliveryStatus.Failed, 1, "554 5.7.1 Message rejected as spam"), (rows[ids[1]].Status, rows[ids[1]].Attempts, rows[ids[1]].Error));
        Assert.Equal((DeliveryStatus.Failed, "550 5.1.1 No such user"), (rows[ids[2]].Status, rows[ids[2]].Error));

        // The dead address is suppressed: the next campaign skips it without sending.
        world.Email.Answer = null;
        var next = await world.ScheduleCampaignAsync("Next", [Channel.Email]);
        Assert.Equal(CampaignStatus.Completed, await world.WaitForStatusAsync(next, CampaignStatus.Completed));
        Assert.Equal(SkipReason.Suppressed, (await world.RowsAsync(next)).Single(r => r.ContactId == ids[2]).SkipReason);
    }

    [Fact]
    public async Task ErrorRateSpike_AutoPausesAndTellsPeople_ResumeAfterTheFixSendsEveryoneOnce()
    {
        await using var world = await EngineWorld.StartAsync(kind, new Dictionary<string, string?>
        {
            ["Campaigns:Delivery:AutoPauseMinAttempts"] = "10",
            ["Campaigns:Delivery:AutoPauseErrorRate"] = "0.5",
            ["Campaigns:Delivery:RetryBaseSeconds"] = "1",
        });
        await world.AddContactsAsync(30);
        world.Email.Answer = (m, _) => SendResult.Transient(m.DeliveryId, "SMTP server 127.0.0.1:2525 unreachable: Connection refused");

        var id = await world.ScheduleCampaignAsync("Outage", [Channel.Email]);

        Assert.Equal(CampaignStatus.Paused, await world.WaitForStatusAsync(id, CampaignStatus.Paused));
        var details = await world.AsManagerAsync<CampaignService, CampaignDetails>(s => s.GetAsync(id));
        Assert.Contains("of its recent Email messages failed", details.PauseReason);
        Assert.Contains("Connection refused", details.PauseReason);
        Assert.Contains(world.Notes.For(id), n => n.Kind == NotificationKind.AutoPaused);
        Assert.DoesNotContain(await world.RowsAsync(id), r => r.Status is DeliveryStatus.Sent or DeliveryStatus.Failed);

        world.Email.Answer = null;
        await world.AsManagerAsync<CampaignService, CampaignDetails>(s => s.ResumeAsync(id));

        Assert.Equal(CampaignStatus.Completed, await world.WaitForStatusAsync(id, CampaignStatus.Completed));
        Assert.All(await world.RowsAsync(id), r => Assert.Equal(DeliveryStatus.Sent, r.Status));
        var accepted = world.Email.Received.Where(r => r.AtUtc > DateTime.MinValue).GroupBy(r => r.Message.DeliveryId).ToList();
        Assert.Equal(30, accepted.Count);
    }

    [Fact]
    public async Task AFailureSpikeOfARunThatWasPausedAndResumed_DoesNotPauseTheNewRun()
    {
        await using var world = await EngineWorld.StartAsync(kind, new Dictionary<string, string?> { ["Campaigns:Delivery:RatePerSecond:Email"] = "40" });
        await world.AddContactsAsync(200);
        var id = await world.ScheduleCampaignAsync("Resumed", [Channel.Email]);
        await world.WaitUntilAsync(() => Task.FromResult(world.Email.Received.Count >= 5), what: "the first messages");
        var sendingRun = (await world.AsManagerAsync<CampaignService, CampaignDetails>(s => s.GetAsync(id))).Revision;
        await world.AsManagerAsync<CampaignService, CampaignDetails>(s => s.PauseAsync(id));
        var resumed = await world.AsManagerAsync<CampaignService, CampaignDetails>(s => s.ResumeAsync(id));
        var runner = world.App.Services.GetRequiredService<CampaignRunner>();

        Assert.False(await runner.AutoPauseAsync(id, sendingRun, "Late failures of the first run.", CancellationToken.None));
        Assert.Equal(CampaignStatus.Sending, await world.StatusAsync(id));
        Assert.Equal(CampaignStatus.Completed, await world.WaitForStatusAsync(id, CampaignStatus.Completed));
        Assert.DoesNotContain(world.Notes.For(id), n => n.Kind == NotificationKind.AutoPaused);
        Assert.True(resumed.Revision > sendingRun);
    }

    [Fact]
    public async Task Pause_StopsNewSendsWithinSeconds_ResumeSendsTheRestWithNobodyTwice()
    {
        await using var world = await EngineWorld.StartAsync(kind, new Dictionary<string, string?> { ["Campaigns:Delivery:RatePerSecond:Email"] = "40" });
        await world.AddContactsAsync(300);

        var id = await world.ScheduleCampaignAsync("Slow", [Channel.Email]);
        await world.WaitUntilAsync(() => Task.FromResult(world.Email.Received.Count >= 20), what: "the first messages");
        await world.AsManagerAsync<CampaignService, CampaignDetails>(s => s.PauseAsync(id));
        var paused = DateTime.UtcNow;

        await Task.Delay(TimeSpan.FromSeconds(5));
        var last = world.Email.Received.Max(r => r.AtUtc);
        Assert.True(last - paused < TimeSpan.FromSeconds(5), $"a message went out {(last - paused).TotalSeconds:F1} s after the pause");
        var sentWhilePaused = world.Email.Received.Count;
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Equal(sentWhilePaused, world.Email.Received.Count);
        Assert.Equal(CampaignStatus.Paused, await world.StatusAsync(id));
        Assert.Contains(await world.RowsAsync(id), r => r.Status == DeliveryStatus.Pending);

        await world.AsManagerAsync<CampaignService, CampaignDetails>(s => s.ResumeAsync(id));

        Assert.Equal(CampaignStatus.Completed, await world.WaitForStatusAsync(id, CampaignStatus.Completed, seconds: 60));
        Assert.All(await world.RowsAsync(id), r => Assert.Equal(DeliveryStatus.Sent, r.Status));
        Assert.Equal(300, world.Email.Received.Count);
        Assert.Equal(300, world.Email.Received.Select(r => r.Message.DeliveryId).Distinct().Count());
    }

    [Fact]
    public async Task Stop_CancelsWhatIsNotSent_AndNothingMoreGoesOut()
    {
        await using var world = await EngineWorld.StartAsync(kind, new Dictionary<string, string?> { ["Campaigns:Delivery:RatePerSecond:Email"] = "40" });
        await world.AddContactsAsync(200);

        var id = await world.ScheduleCampaignAsync("Stopped", [Channel.Email]);
        await world.WaitUntilAsync(() => Task.FromResult(world.Email.Received.Count >= 10), what: "the first messages");
        await world.AsManagerAsync<CampaignService, CampaignDetails>(s => s.StopAsync(id));

        await world.WaitUntilAsync(async () => !(await world.RowsAsync(id)).Any(r => r.Status is DeliveryStatus.Pending or DeliveryStatus.InFlight), what: "the rest to be cancelled");
        var counts = await world.CountsAsync(id);
        var sent = world.Email.Received.Count;
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.Equal(sent, world.Email.Received.Count);
        Assert.Equal(CampaignStatus.Stopped, await world.StatusAsync(id));
        Assert.Equal(sent, counts.GetValueOrDefault(DeliveryStatus.Sent));
        Assert.True(counts.GetValueOrDefault(DeliveryStatus.Cancelled) > 0);
        Assert.Equal(200, counts.Values.Sum());
    }

    [Fact]
    public async Task UnsubscribeDuringASend_NoMessageAfterIt()
    {
        await using var world = await EngineWorld.StartAsync(kind, new Dictionary<string, string?> { ["Campaigns:Delivery:RatePerSecond:Email"] = "40" });
        var ids = (await world.AddContactsAsync(150)).ToList();

        var id = await world.ScheduleCampaignAsync("Unsubscribe", [Channel.Email]);
        await world.WaitUntilAsync(() => Task.FromResult(world.Email.Received.Count >= 5), what: "the first messages");
        // Rows go out in ledger order: the last one is still to come.
        var lastRow = (await world.RowsAsync(id)).MaxBy(r => r.Id)!;
        var lastEmail = "c" + ids.IndexOf(lastRow.ContactId) + "@example.test";
        var token = await world.App.Services.GetRequiredService<DeliveryLinkSigner>().SignAsync(lastRow.Id, DeliveryBatchSender.UnsubscribePurpose);
        using var client = world.App.CreateClient();
        using var response = await client.PostAsync($"/u/{token}", new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")]));
        response.EnsureSuccessStatusCode();

        Assert.Equal(CampaignStatus.Completed, await world.WaitForStatusAsync(id, CampaignStatus.Completed, seconds: 60));
        Assert.DoesNotContain(world.Email.Messages, m => m.Recipient == lastEmail);
        Assert.Equal(149, world.Email.Messages.Count);
        var row = (await world.RowsAsync(id)).Single(r => r.Id == lastRow.Id);
        Assert.Equal((DeliveryStatus.Skipped, SkipReason.ConsentWithdrawn), (row.Status, row.SkipReason));
    }

    [Fact]
    public async Task Outbox_WhenNoProviderIsConfigured_MessagesAreRecordedNotSent()
    {
        // Only the Outbox carries WhatsApp here: the scripted channels cover email and SMS.
        await using var world = await EngineWorld.StartAsync(kind);
        await world.AddContactsAsync(3, (_, c) => c.SetConsent(Channel.WhatsApp, ConsentStatus.Granted, "test", "v1", DateTime.UtcNow));
        var id = await world.AsManagerAsync<CampaignService, int>(async s =>
        {
            var draft = await s.CreateDraftAsync(new CampaignBasicsInput { Name = "WhatsApp try-out" });
            draft = await s.SaveAudienceAsync(draft.Id, new CampaignAudienceInput { IncludeSegmentIds = [world.SegmentId] }, draft.Revision, 1);
            draft = await s.SaveContentAsync(draft.Id, new CampaignContentInput { Channels = [Channel.WhatsApp], Content = new CampaignContent { WhatsApp = new WhatsAppContent { Kind = WhatsAppMessageKind.Text, Text = "Namaste {{ contact.first_name }}" } } }, draft.Revision, 2);
            draft = await s.SaveScheduleAsync(draft.Id, new CampaignScheduleInput { Kind = CampaignScheduleKind.SendNow }, draft.Revision, 3);
            return (await s.ScheduleAsync(draft.Id, draft.Revision)).Id;
        });

        Assert.Equal(CampaignStatus.Completed, await world.WaitForStatusAsync(id, CampaignStatus.Completed));
        Assert.All(await world.RowsAsync(id), r => Assert.Equal((DeliveryStatus.Outboxed, "Outbox"), (r.Status, r.Provider)));
        await using var db = await world.ContextAsync();
        var outbox = await db.OutboxMessages.Where(m => m.CampaignId == id).ToListAsync();
        Assert.Equal(3, outbox.Count);
        Assert.All(outbox, m => Assert.False(m.IsTest));
        Assert.Contains(outbox, m => m.TextBody == "Namaste Person1");
        Assert.All(outbox, m => Assert.DoesNotContain("98200", m.Recipient, StringComparison.Ordinal));
        await world.WaitUntilAsync(() => Task.FromResult(world.Notes.For(id).Any(n => n.Kind == NotificationKind.Completed)), what: "the completed notification");
        Assert.Contains("recorded in the Outbox (not sent", world.Notes.For(id).Last().Message);
    }
}
