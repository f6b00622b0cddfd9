using CampaignStudio.Features.Shared;
using Microsoft.Extensions.Options;

namespace CampaignStudio.Features.Delivery.Channels.Push;

/// <summary>
/// Push through FCM HTTP v1: one request per device token of each message, at most
/// <see cref="FcmOptions.MaxConcurrentRequests"/> of a batch at once. A message counts as sent when any device accepts
/// it; tokens FCM no longer knows come back in <see cref="SendResult.InvalidTokens"/> whatever the outcome.
/// </summary>
public sealed partial class PushChannel(FcmClient client, IOptions<FcmOptions> options, ILogger<PushChannel> logger) : IChannel
{
    public const string ProviderName = "FCM";

    public Channel Channel => Channel.Push;

    public string Provider => ProviderName;

    public bool SendsForReal => true;

    public async Task<IReadOnlyList<SendResult>> SendAsync(IReadOnlyList<OutgoingMessage> messages, CancellationToken cancellationToken)
    {
        var sends = new List<(int Message, string Token)>();
        var results = new SendResult?[messages.Count];
        for (var i = 0; i < messages.Count; i++)
        {
            if (messages[i] is not PushMessage push)
            {
                results[i] = SendResult.Permanent(messages[i].DeliveryId, $"The push channel cannot send a {messages[i].Channel} message.");
                continue;
            }

            var tokens = TokensOf(push);
            if (tokens.Count == 0)
            {
                results[i] = SendResult.InvalidRecipient(push.DeliveryId, "The contact has no device token.");
                continue;
            }

            sends.AddRange(tokens.Select(t => (i, t)));
        }

        var answers = await BoundedParallel.MapAsync(sends, options.Value.MaxConcurrentRequests, (send, token) => SendOneAsync((PushMessage)messages[send.Message], send.Token, token), cancellationToken);
        var byMessage = sends.Zip(answers).ToLookup(x => x.First.Message, x => x.Second);
        for (var i = 0; i < messages.Count; i++)
        {
            results[i] ??= Combine(messages[i].DeliveryId, [.. byMessage[i]]);
        }

        return results!;
    }

    /// <summary>Gets the access token the first notifications will use.</summary>
    public Task<string?> WarmUpAsync(CancellationToken cancellationToken) => client.GetAccessTokenAsync(cancellationToken);

    /// <summary>
    /// One result for a message from its tokens' answers: accepted if any device took it (the first one's name), an
    /// invalid recipient if every token is dead, transient (the longest Retry-After) if none took it and any may later,
    /// else permanent.
    /// </summary>
    public static SendResult Combine(long deliveryId, IReadOnlyList<FcmTokenResult> answers)
    {
        var dead = answers.Where(a => a.Status == FcmTokenStatus.Dead).Select(a => a.Token).ToList();
        if (answers.FirstOrDefault(a => a.Status == FcmTokenStatus.Accepted) is { } accepted)
        {
            return SendResult.Accepted(deliveryId, accepted.Name) with { InvalidTokens = dead };
        }

        if (answers.Count > 0 && dead.Count == answers.Count)
        {
            var reason = answers.Count == 1 ? answers[0].Error! : $"All {answers.Count} device tokens are dead; first: {answers[0].Error}";
            return SendResult.InvalidRecipient(deliveryId, reason) with { InvalidTokens = dead };
        }

        var transient = answers.Where(a => a.Status == FcmTokenStatus.Transient).ToList();
        if (transient.Count > 0)
        {
            var retryAfter = transient.Max(a => a.RetryAfter);
            return SendResult.Transient(deliveryId, transient[0].Error ?? "FCM failed for a while.", retryAfter) with { InvalidTokens = dead };
        }

        var failure = answers.FirstOrDefault(a => a.Status == FcmTokenStatus.Permanent);
        return SendResult.Permanent(deliveryId, failure?.Error ?? "FCM refused the notification.") with { InvalidTokens = dead };
    }

    private static List<string> TokensOf(PushMessage push)
    {
        var tokens = push.Tokens.Count > 0 ? push.Tokens : [push.Recipient];
        return [.. tokens.Where(t => !string.IsNullOrWhiteSpace(t)).Select(t => t.Trim()).Distinct(StringComparer.Ordinal)];
    }

    private async Task<FcmTokenResult> SendOneAsync(PushMessage message, string token, CancellationToken cancellationToken)
    {
        try
        {
            return await client.SendAsync(message, token, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A defect here must not cost the batch its other results.
            LogUnexpected(ex, message.DeliveryId);
            return new FcmTokenResult(token, FcmTokenStatus.Transient) { Error = $"Unexpected error while sending through FCM: {ex.Message}" };
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Sending push message {DeliveryId} through FCM failed unexpectedly.")]
    private partial void LogUnexpected(Exception exception, long deliveryId);
}
