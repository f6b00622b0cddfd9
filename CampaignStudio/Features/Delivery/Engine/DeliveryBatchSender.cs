using System.Globalization;
using CampaignStudio.Data;
using CampaignStudio.Features.Audience.Contacts;
using CampaignStudio.Features.Audience.Pii;
using CampaignStudio.Features.Campaigns;
using CampaignStudio.Features.Campaigns.Content;
using CampaignStudio.Features.Delivery.Channels;
using CampaignStudio.Features.Delivery.Links;
using CampaignStudio.Features.Shared;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CampaignStudio.Features.Delivery.Engine;

/// <summary>
/// Sends one claimed batch: re-checks each recipient (still there, address, consent, suppression) just before the
/// send, renders with the campaign's parsed templates, paces the messages through the <see cref="SendThrottle"/> in
/// small chunks handed to the channel (several chunks in flight at once), and records every result as it comes back —
/// Sent only on the provider's acknowledgement, transient failures due again after an exponential backoff (or the
/// provider's Retry-After), permanent ones failed with the provider's reason, dead addresses suppressed and dead push
/// tokens removed. Between chunks it looks at the campaign: once paused or stopped, nothing more is handed over; what
/// was not sent goes back to pending (paused) or is cancelled (stopped).
/// </summary>
public sealed partial class DeliveryBatchSender(
    ChannelRegistry channels,
    RecipientLoader recipients,
    SendPlanCache plans,
    SendThrottle throttle,
    InFlightGate gate,
    ChannelWarmUp warmUp,
    ErrorRateMonitor errorRates,
    CampaignRunner runner,
    DeliveryLinkSigner links,
    Tracking.TrackingTokens trackingTokens,
    Tracking.DeliveryLinkTargets linkTargets,
    IOptions<Tracking.TrackingOptions> trackingOptions,
    PiiProtector pii,
    IDbContextFactory<AppDbContext> contexts,
    IDeliveryProgress progress,
    IOptions<DeliveryOptions> options,
    TimeProvider clock,
    ILogger<DeliveryBatchSender> logger)
{
    public const string UnsubscribePurpose = "unsubscribe";
    /// <summary>The most messages one chunk hands to the channel at once (also how many are re-checked per query).</summary>
    private const int MaxChunkSize = 64;

    /// <summary>
    /// The most messages of one batch handed over and not answered yet: messages are rendered only when their chunk goes,
    /// so this bounds the rendered messages a worker holds, whatever the batch size and the rate.
    /// </summary>
    private const int MaxMessagesInFlight = 256;
    private static readonly TimeSpan StatusCheckInterval = TimeSpan.FromMilliseconds(250);

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    public async Task SendAsync(ClaimedBatch batch, CancellationToken cancellationToken)
    {
        var db = batch.Db;
        CampaignSendPlan plan;
        try
        {
            plan = await plans.GetAsync(db, batch.CampaignId, cancellationToken);
        }
        catch (CampaignCannotStartException e)
        {
            await runner.FailAsync(batch.CampaignId, e.Message, cancellationToken);
            foreach (var row in batch.Rows)
            {
                row.Cancel(Now);
            }

            await SaveAsync(db, batch.CampaignId, CancellationToken.None);
            return;
        }

        // Messages are handed over only in the first half of the claim's lease: one handed over later may still be on
        // its way when the lease runs out, and another worker would claim its row and send it again. Whatever slows a
        // batch down (a sender's own rate, a slow provider), what is left by then goes back for a fresh claim.
        var handOverUntil = (batch.Rows.Min(r => r.LeaseUntilUtc) ?? Now) - (options.Value.Lease / 2);
        var ready = await PrepareAsync(batch, plan, cancellationToken);
        await SaveAsync(db, batch.CampaignId, cancellationToken);
        if (ready.Count == 0)
        {
            return;
        }

        var channel = channels.For(batch.Channel);

        // After a quiet spell, the way to the provider is readied first, so that the first paced messages do not reach
        // it together once a cold connection is up.
        await warmUp.EnsureWarmAsync(channel, cancellationToken);
        // Emails are tracked unless the setting turns it off; the other channels as each campaign's content says.
        var tracking = batch.Channel != Channel.Email || trackingOptions.Value.TrackEmail
            ? new Tracking.LinkTracking(options.Value.PublicBaseUrl.TrimEnd('/'), await trackingTokens.SignerAsync(cancellationToken))
            : null;
        var senderKey = plan.SenderKey(batch.Channel);
        // A chunk takes at most half of the channel's places in flight, so the next chunk is checked and rendered while
        // this one is still going out: with one chunk filling every place, the connections stood idle while it was.
        var step = Math.Clamp(throttle.StepSize(batch.Channel, senderKey), 1, Math.Min(MaxChunkSize, gate.Capacity(batch.Channel) / 2));
        var maxChunksInFlight = Math.Clamp(MaxMessagesInFlight / step, 4, 64);
        var inFlight = new List<Task<Answered>>();
        var next = 0;
        var status = CampaignStatus.Sending;
        var revision = 0;
        var checkedAt = DateTime.MinValue;
        try
        {
            while (next < ready.Count)
            {
                if (Now - checkedAt >= StatusCheckInterval)
                {
                    var seen = await db.Campaigns.AsNoTracking().Where(c => c.Id == batch.CampaignId).Select(c => new { c.Status, c.Revision }).FirstAsync(cancellationToken);
                    (status, revision) = (seen.Status, seen.Revision);
                    checkedAt = Now;
                    if (status != CampaignStatus.Sending)
                    {
                        break;
                    }
                }

                if (Now >= handOverUntil)
                {
                    break;
                }

                var taken = ready.GetRange(next, Math.Min(step, ready.Count - next));
                next += taken.Count;
                var (sending, timeUp) = await HandOverAsync(db, channel, batch.Channel, plan, tracking, senderKey, taken, handOverUntil, cancellationToken);
                if (sending is not null)
                {
                    inFlight.Add(sending);
                }

                if (timeUp)
                {
                    break;
                }

                while (inFlight.Count >= maxChunksInFlight || inFlight.Any(t => t.IsCompleted))
                {
                    var done = await Task.WhenAny(inFlight);
                    inFlight.Remove(done);
                    await RecordAsync(db, batch, channel, revision, await done, cancellationToken);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutting down: what was never handed to the channel goes back unsent; what was handed over stays in
            // flight (it may have gone out) and is claimed again when its lease runs out, counted as a lapse.
            ReleaseUnsent(ready, next, CampaignStatus.Sending);
            await SaveAsync(db, batch.CampaignId, CancellationToken.None);
            throw;
        }

        foreach (var task in inFlight)
        {
            await RecordAsync(db, batch, channel, revision, await task, cancellationToken);
        }

        // What was skipped at the last look, and what a pause, a stop or the end of the hand-over time left unsent, is
        // settled too.
        ReleaseUnsent(ready, next, status);
        await SaveAsync(db, batch.CampaignId, cancellationToken);
    }

    /// <summary>
    /// Once the channel has room for the chunk in the <see cref="InFlightGate"/>, looks again at who still wants it,
    /// renders it, stores its personalised link targets, waits for its turn at the rate and hands it to the channel;
    /// returns the send, or none when nothing was left to send or the hand-over time ran out meanwhile (its rows then go
    /// back). The look at consent and suppression comes after the wait for room, which lasts as long as a slow provider
    /// takes to answer. The rendered messages live in the send alone, so they are gone as soon as the provider has
    /// answered.
    /// </summary>
    private async Task<(Task<Answered>? Sending, bool TimeUp)> HandOverAsync(AppDbContext db, IChannel channel, Channel on, CampaignSendPlan plan, Tracking.LinkTracking? tracking, string? senderKey, List<Ready> taken, DateTime handOverUntil, CancellationToken cancellationToken)
    {
        var places = await gate.AcquireAsync(on, taken.Count, cancellationToken);
        var handedOver = false;
        try
        {
            var wanted = await StillWantedAsync(db, on, taken, cancellationToken);
            var targets = new List<Tracking.DeliveryLinkTarget>();
            var chunk = Render(plan, on, tracking, targets, wanted);
            if (chunk.Count == 0)
            {
                return (null, false);
            }

            // Personalised short links lead where they were rendered to: stored before their messages go.
            await linkTargets.SaveAsync(targets, cancellationToken);

            await throttle.AcquireAsync(on, senderKey, chunk.Count, cancellationToken);
            if (Now >= handOverUntil)
            {
                chunk.ForEach(item => item.Row.Release(Now));
                return (null, true);
            }

            var sending = SendChunkAsync(channel, on, chunk.ConvertAll(r => new Sent(r.Row, r.Recipient)), [.. chunk.Select(r => r.Message)], places, cancellationToken);
            handedOver = true;
            return (sending, false);
        }
        finally
        {
            if (!handedOver)
            {
                gate.Release(on, places);
            }
        }
    }

    /// <summary>Checks each row's recipient now and signs its links; rows that cannot go are settled here.</summary>
    private async Task<List<Ready>> PrepareAsync(ClaimedBatch batch, CampaignSendPlan plan, CancellationToken cancellationToken)
    {
        var now = Now;
        var found = await recipients.LoadAsync(batch.Db, [.. batch.Rows.Select(r => r.ContactId)], batch.Channel, plan.Uses, cancellationToken);
        var baseUrl = options.Value.PublicBaseUrl.TrimEnd('/');
        var ready = new List<Ready>(batch.Rows.Count);
        foreach (var row in batch.Rows)
        {
            if (!found.TryGetValue(row.ContactId, out var recipient))
            {
                row.Skip(SkipReason.ContactErased, now);
                continue;
            }

            if (!recipient.HasAddress)
            {
                row.Skip(SkipReason.NoAddress, now);
                continue;
            }

            if (recipient.Consent != ConsentStatus.Granted)
            {
                row.Skip(SkipReason.ConsentWithdrawn, now);
                continue;
            }

            if (recipient.Suppressed)
            {
                row.Skip(SkipReason.Suppressed, now);
                continue;
            }

            var unsubscribe = $"{baseUrl}/u/{await links.SignAsync(row.Id, UnsubscribePurpose, cancellationToken)}";
            var model = new PersonalizationModel { Contact = recipient.Personalization, CampaignName = plan.CampaignName, UnsubscribeUrl = unsubscribe };
            ready.Add(new Ready(row, recipient, model));
        }

        return ready;
    }

    /// <summary>Renders the messages of a chunk about to go; a message that cannot be rendered fails its row.</summary>
    private List<Rendered> Render(CampaignSendPlan plan, Channel channel, Tracking.LinkTracking? tracking, List<Tracking.DeliveryLinkTarget> targets, List<Ready> chunk)
    {
        var rendered = new List<Rendered>(chunk.Count);
        foreach (var (row, recipient, model) in chunk)
        {
            var (message, problem) = plan.Render(row.Id, recipient, channel, model, tracking, targets);
            if (message is null)
            {
                row.Fail(null, problem ?? "The message could not be rendered.", Now);
                continue;
            }

            rendered.Add(new Rendered(row, message, recipient));
        }

        return rendered;
    }

    /// <summary>
    /// Consent and suppression once more, right before the chunk goes out: a contact who unsubscribed while the batch
    /// waited for its turn is skipped, not sent to.
    /// </summary>
    private async Task<List<Ready>> StillWantedAsync(AppDbContext db, Channel channel, List<Ready> chunk, CancellationToken cancellationToken)
    {
        var contactIds = chunk.Select(r => r.Row.ContactId).ToList();
        var withdrawn = (await db.ContactConsents.AsNoTracking()
            .Where(k => contactIds.Contains(k.ContactId) && k.Channel == channel && k.Status != ConsentStatus.Granted)
            .Select(k => k.ContactId).ToListAsync(cancellationToken)).ToHashSet();
        var hashes = chunk.Select(r => r.Recipient.AddressHash).OfType<byte[]>().ToList();
        var suppressed = hashes.Count == 0 || channel == Channel.Push
            ? []
            : (await db.SuppressedAddresses.AsNoTracking().Where(SuppressedAddress.Covers(channel)).Where(s => hashes.Contains(s.AddressHash)).Select(s => s.AddressHash).ToListAsync(cancellationToken))
                .Select(Convert.ToHexString).ToHashSet(StringComparer.Ordinal);
        if (withdrawn.Count == 0 && suppressed.Count == 0)
        {
            return chunk;
        }

        var now = Now;
        var wanted = new List<Ready>(chunk.Count);
        foreach (var item in chunk)
        {
            if (withdrawn.Contains(item.Row.ContactId))
            {
                item.Row.Skip(SkipReason.ConsentWithdrawn, now);
            }
            else if (item.Recipient.AddressHash is { } hash && suppressed.Contains(Convert.ToHexString(hash)))
            {
                item.Row.Skip(SkipReason.Suppressed, now);
            }
            else
            {
                wanted.Add(item);
            }
        }

        return wanted;
    }

    /// <summary>
    /// Hands the chunk's messages to the channel; once it has answered, gives back the chunk's places in the
    /// <see cref="InFlightGate"/>. Only the channel holds the rendered messages while they go (the email channel lets
    /// each one go once it is on its way); recording the results needs just the rows and their recipients.
    /// </summary>
    private Task<Answered> SendChunkAsync(IChannel channel, Channel on, List<Sent> sent, OutgoingMessage[] messages, int places, CancellationToken cancellationToken)
    {
        warmUp.Sent(on);
        Task<IReadOnlyList<SendResult>> sending;
        try
        {
            sending = channel.SendAsync(messages, cancellationToken);
        }
        catch (Exception e)
        {
            sending = Task.FromException<IReadOnlyList<SendResult>>(e);
        }

        return AnsweredAsync(channel, on, sent, sending, places);
    }

    private async Task<Answered> AnsweredAsync(IChannel channel, Channel on, List<Sent> sent, Task<IReadOnlyList<SendResult>> sending, int places)
    {
        try
        {
            return new Answered(sent, await sending, null);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A channel should answer with results, not throw; treat it as "not now" so nothing is lost.
            return new Answered(sent, [], $"{channel.Provider} failed: {e.Message}");
        }
        finally
        {
            gate.Release(on, places);
        }
    }

    private async Task RecordAsync(AppDbContext db, ClaimedBatch batch, IChannel channel, int revision, Answered answered, CancellationToken cancellationToken)
    {
        var now = Now;
        var byId = answered.Results.GroupBy(r => r.DeliveryId).ToDictionary(g => g.Key, g => g.First());
        var failures = 0;
        string? lastError = null;
        var deadHashes = new List<byte[]>();
        var deadTokens = new List<string>();
        var sent = new List<DeliveryRecord>(answered.Chunk.Count);
        foreach (var (row, recipient) in answered.Chunk)
        {
            var result = byId.GetValueOrDefault(row.Id)
                ?? SendResult.Transient(row.Id, answered.Error ?? $"{channel.Provider} gave no answer for this message.");
            deadTokens.AddRange(result.InvalidTokens);
            switch (result.Outcome)
            {
                case SendOutcome.Accepted when channel.SendsForReal:
                    row.MarkSent(channel.Provider, result.ProviderMessageId, now);
                    sent.Add(row);
                    break;
                case SendOutcome.Accepted:
                    row.MarkOutboxed(channel.Provider, result.ProviderMessageId, now);
                    break;
                case SendOutcome.Transient:
                    failures++;
                    lastError = result.Error;
                    if (row.Attempts >= options.Value.MaxAttempts)
                    {
                        row.Fail(channel.Provider, $"Gave up after {row.Attempts.ToString(CultureInfo.InvariantCulture)} attempts: {result.Error}", now);
                    }
                    else
                    {
                        row.RetryLater(channel.Provider, result.Error ?? "Temporary failure.", now + Backoff(row.Attempts, result.RetryAfter), now);
                    }

                    break;
                case SendOutcome.InvalidRecipient:
                    row.Fail(channel.Provider, result.Error ?? "The address does not exist.", now);
                    if (recipient.AddressHash is { } hash)
                    {
                        deadHashes.Add(hash);
                    }

                    break;
                default:
                    failures++;
                    lastError = result.Error;
                    row.Fail(channel.Provider, result.Error ?? "Refused by the provider.", now);
                    break;
            }
        }

        // What the provider accepted, in one statement; the rest (retries, failures) through the change tracker.
        if (sent.Count > 0 && await SentRows.SaveAsync(db, sent, cancellationToken) is > 0 and var lost)
        {
            LogLeaseLost(batch.CampaignId, lost);
        }

        await SaveAsync(db, batch.CampaignId, cancellationToken);
        await SuppressAsync(batch.Channel, deadHashes, cancellationToken);
        await RemoveTokensAsync(deadTokens, cancellationToken);
        // Results are counted against the campaign's run they were sent in (its revision when last looked at): failures
        // of chunks that were still out when it paused neither count against the resumed run nor pause it again.
        errorRates.Record(batch.CampaignId, revision, answered.Chunk.Count, failures);
        if (errorRates.Tripped(batch.CampaignId, revision) is { } rate)
        {
            var reason = string.Create(CultureInfo.InvariantCulture, $"{rate:P0} of its recent {batch.Channel.Display()} messages failed (the limit is {options.Value.AutoPauseErrorRate:P0}). Last error: {lastError ?? "none recorded"}");
            await runner.AutoPauseAsync(batch.CampaignId, revision, reason, cancellationToken);
        }
    }

    /// <summary>The wait before try number <paramref name="attempts"/> + 1: base × 2^(attempts − 1) with ±20% jitter, capped; at least what the provider asked for.</summary>
    public TimeSpan Backoff(int attempts, TimeSpan? retryAfter)
    {
        var o = options.Value;
        var seconds = Math.Min(o.RetryMaxSeconds, o.RetryBaseSeconds * Math.Pow(2, Math.Max(0, attempts - 1)));
        seconds *= 0.8 + (Random.Shared.NextDouble() * 0.4);
        var backoff = TimeSpan.FromSeconds(Math.Min(seconds, o.RetryMaxSeconds));
        return retryAfter is { } asked && asked > backoff ? asked : backoff;
    }

    private void ReleaseUnsent(List<Ready> ready, int from, CampaignStatus status)
    {
        var now = Now;
        foreach (var item in ready.Skip(from))
        {
            if (status is CampaignStatus.Stopped or CampaignStatus.Failed)
            {
                item.Row.Cancel(now);
            }
            else
            {
                item.Row.Release(now);
            }
        }
    }

    private async Task SaveAsync(AppDbContext db, int campaignId, CancellationToken cancellationToken)
    {
        var lost = 0;
        while (true)
        {
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                break;
            }
            catch (DbUpdateConcurrencyException e) when (e.Entries.Count > 0)
            {
                // Our lease ran out and another worker claimed these rows: its results stand (the message may go twice).
                // The database reports them one statement at a time, and nothing of the save is kept: so the save is
                // tried again without them until the rest of it is saved.
                lost += e.Entries.Count;
                foreach (var entry in e.Entries)
                {
                    entry.State = EntityState.Detached;
                }
            }
        }

        if (lost > 0)
        {
            LogLeaseLost(campaignId, lost);
        }

        progress.Changed(campaignId);
    }

    private async Task SuppressAsync(Channel channel, List<byte[]> hashes, CancellationToken cancellationToken)
    {
        if (hashes.Count == 0 || channel == Channel.Push)
        {
            return;
        }

        var list = SuppressedAddress.ListFor(channel);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var known = (await db.SuppressedAddresses.AsNoTracking().Where(s => s.Channel == list && hashes.Contains(s.AddressHash)).Select(s => s.AddressHash).ToListAsync(cancellationToken))
            .Select(Convert.ToHexString).ToHashSet(StringComparer.Ordinal);
        foreach (var hash in hashes.DistinctBy(Convert.ToHexString).Where(h => !known.Contains(Convert.ToHexString(h))))
        {
            db.SuppressedAddresses.Add(new SuppressedAddress(list, hash, SuppressionReason.HardBounce, "The provider reported the address as not existing.", Now));
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Suppressed meanwhile by another worker: the goal is reached.
        }
    }

    private async Task RemoveTokensAsync(List<string> tokens, CancellationToken cancellationToken)
    {
        if (tokens.Count == 0)
        {
            return;
        }

        var hashes = tokens.Distinct(StringComparer.Ordinal).Select(pii.BlindIndex).ToList();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var removed = await db.ContactPushTokens.Where(t => hashes.Contains(t.TokenHash)).ExecuteDeleteAsync(cancellationToken);
        LogTokensRemoved(removed);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Campaign {CampaignId}: {Rows} results were not recorded because the rows' lease ran out and they were claimed again.")]
    private partial void LogLeaseLost(int campaignId, int rows);

    [LoggerMessage(Level = LogLevel.Information, Message = "Removed {Count} push tokens the provider no longer knows.")]
    private partial void LogTokensRemoved(int count);

    /// <summary>A row whose recipient may be sent to, with what its message is rendered from.</summary>
    private sealed record Ready(DeliveryRecord Row, Recipient Recipient, PersonalizationModel Model);

    /// <summary>A row with its rendered message, about to go or gone.</summary>
    private sealed record Rendered(DeliveryRecord Row, OutgoingMessage Message, Recipient Recipient);

    /// <summary>A row whose message was handed to the channel, and its recipient (for a dead address).</summary>
    private sealed record Sent(DeliveryRecord Row, Recipient Recipient);

    private sealed record Answered(List<Sent> Chunk, IReadOnlyList<SendResult> Results, string? Error);
}
