using CampaignStudio.Features.Shared;
using MimeKit;
using Microsoft.Extensions.Options;

namespace CampaignStudio.Features.Delivery.Channels.Email;

/// <summary>
/// Campaign email over SMTP. A batch is sent by up to <see cref="SmtpOptions.PoolSize"/> senders at once, each on a
/// pooled session, taking the batch's messages in turn; every message gets one result. A refusal is a result (see
/// <see cref="SmtpResultMapper"/>); a dead server makes every message of the batch transient, so the engine retries
/// and its error-rate pause stops the campaign. Only cancellation throws.
/// </summary>
public sealed class EmailChannel(SmtpConnectionPool pool, EmailComposer composer, IOptions<SmtpOptions> options) : IChannel
{
    public const string ProviderName = "SMTP";

    private readonly string endpoint = options.Value.Endpoint;

    public Channel Channel => Channel.Email;

    public string Provider => ProviderName;

    public bool SendsForReal => true;

    /// <remarks>The messages are not held while they are sent: only the batch has them, and it lets each one go once taken.</remarks>
    public Task<IReadOnlyList<SendResult>> SendAsync(IReadOnlyList<OutgoingMessage> messages, CancellationToken cancellationToken) =>
        messages.Count == 0 ? Task.FromResult<IReadOnlyList<SendResult>>([]) : SendAsync(new Batch(messages), cancellationToken);

    private async Task<IReadOnlyList<SendResult>> SendAsync(Batch batch, CancellationToken cancellationToken)
    {
        var senders = Math.Min(pool.PoolSize, batch.Count);
        await Task.WhenAll(Enumerable.Range(0, senders).Select(_ => Task.Run(() => SendFromAsync(batch, cancellationToken), cancellationToken)));
        return batch.Results(endpoint);
    }

    /// <summary>Opens (or checks) one pooled session, authenticated, and gives it back for the first messages to use.</summary>
    public async Task<string?> WarmUpAsync(CancellationToken cancellationToken)
    {
        try
        {
            var connection = await pool.RentAsync(cancellationToken);
            await pool.ReturnAsync(connection, broken: false);
            return null;
        }
        catch (Exception failure) when (failure is not OperationCanceledException)
        {
            return failure.Message;
        }
    }

    /// <summary>One sender: takes the batch's next message until none is left, on one pooled session at a time.</summary>
    private async Task SendFromAsync(Batch batch, CancellationToken cancellationToken)
    {
        PooledSmtpConnection? connection = null;
        var broken = false;
        try
        {
            while (batch.TryTake(out var index, out var message))
            {
                // Only the id is used once the message is composed, so its rendered body is not kept while it is sent.
                var deliveryId = message.DeliveryId;
                var (composed, refusal) = Compose(message);
                if (composed is null)
                {
                    batch.Set(index, refusal!);
                    continue;
                }

                // MIME messages and their parts have finalizers: one not disposed outlives its send by two garbage
                // collections, and with it the ~30 KB of its encoded body. Disposed, it dies young, whichever way this
                // message ends.
                using var mime = composed;

                if (connection is null)
                {
                    try
                    {
                        connection = await pool.RentAsync(cancellationToken);
                    }
                    catch (SmtpConnectionFailedException failure)
                    {
                        // Not this message's fault: it and whatever no other sender gets to are tried again later.
                        batch.Set(index, SendResult.Transient(deliveryId, failure.Message));
                        batch.ConnectionFailed(failure.Message);
                        return;
                    }
                }

                try
                {
                    await connection.SendAsync(mime, cancellationToken);
                    batch.Set(index, SendResult.Accepted(deliveryId, mime.MessageId));
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    broken = true;
                    throw;
                }
                catch (Exception failure)
                {
                    var (result, connectionBroken) = SmtpResultMapper.Map(deliveryId, failure, endpoint);
                    batch.Set(index, result);
                    if (connectionBroken || !connection.IsConnected)
                    {
                        await pool.ReturnAsync(connection, broken: true);
                        connection = null;
                        continue;
                    }
                }

                if (connection.MessagesSent >= options.Value.MaxMessagesPerConnection)
                {
                    await pool.ReturnAsync(connection, broken: false);
                    connection = null;
                }
            }
        }
        finally
        {
            if (connection is not null)
            {
                await pool.ReturnAsync(connection, broken);
            }
        }
    }

    private (MimeMessage? Mime, SendResult? Refusal) Compose(OutgoingMessage message)
    {
        if (message is not EmailMessage email)
        {
            return (null, SendResult.Permanent(message.DeliveryId, $"The SMTP channel sends email only, not {message.Channel}."));
        }

        try
        {
            return (composer.Compose(email), null);
        }
        catch (UnsendableEmailException ex)
        {
            return (null, new SendResult(message.DeliveryId, ex.Outcome) { Error = ex.Message });
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or InvalidOperationException)
        {
            return (null, SendResult.Permanent(message.DeliveryId, $"The email could not be composed: {ex.Message}"));
        }
    }

    /// <summary>
    /// A batch shared by its senders: who takes which message, and one result slot per message. A message is let go as
    /// soon as a sender takes it, so the rendered bodies of a batch do not outlive their own send (a rendered ~20 KB
    /// email is some 60 KB of strings, and one kept until the whole batch is answered lives through garbage collections).
    /// </summary>
    private sealed class Batch
    {
        private readonly OutgoingMessage?[] messages;
        private readonly long[] deliveryIds;
        private readonly SendResult?[] results;
        private int next = -1;
        private string? connectionFailure;

        public Batch(IReadOnlyList<OutgoingMessage> messages)
        {
            this.messages = [.. messages];
            deliveryIds = [.. messages.Select(m => m.DeliveryId)];
            results = new SendResult?[messages.Count];
        }

        public int Count => messages.Length;

        /// <summary>Takes the next message no sender has taken, with its index; false when none is left.</summary>
        public bool TryTake(out int index, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out OutgoingMessage? message)
        {
            index = Interlocked.Increment(ref next);
            if (index >= messages.Length)
            {
                message = null;
                return false;
            }

            message = messages[index]!;
            messages[index] = null;
            return true;
        }

        public void Set(int index, SendResult result) => results[index] = result;

        public void ConnectionFailed(string reason) => Volatile.Write(ref connectionFailure, reason);

        /// <summary>Messages no sender reached (every sender lost its server) are transient, with the reason.</summary>
        public IReadOnlyList<SendResult> Results(string endpoint) =>
        [
            .. results.Select((r, i) => r ?? SendResult.Transient(
                deliveryIds[i],
                Volatile.Read(ref connectionFailure) ?? $"SMTP server {endpoint}: not sent (no connection).")),
        ];
    }
}
