using CampaignStudio.Features.Shared;
using Microsoft.Extensions.Options;

namespace CampaignStudio.Features.Delivery.Channels.Twilio;

/// <summary>
/// What SMS and WhatsApp through Twilio share: one API request per message, at most
/// <see cref="TwilioOptions.MaxConcurrentRequests"/> of a batch at once, exactly one result per message.
/// </summary>
public abstract partial class TwilioChannel(TwilioClient client, IOptions<TwilioOptions> options, ILogger logger) : IChannel
{
    public const string ProviderName = "Twilio";

    public abstract Channel Channel { get; }

    public string Provider => ProviderName;

    public bool SendsForReal => true;

    protected TwilioOptions Options { get; } = options.Value;

    public async Task<IReadOnlyList<SendResult>> SendAsync(IReadOnlyList<OutgoingMessage> messages, CancellationToken cancellationToken) =>
        await BoundedParallel.MapAsync(messages, Options.MaxConcurrentRequests, SendOneAsync, cancellationToken);

    /// <summary>Reads the account once: a connection to Twilio opened and the credentials checked.</summary>
    public Task<string?> WarmUpAsync(CancellationToken cancellationToken) => client.ReadAccountAsync(cancellationToken);

    /// <summary>The request's form for <paramref name="message"/>, or the reason it cannot be sent.</summary>
    protected abstract (IReadOnlyList<KeyValuePair<string, string>>? Form, string? Refusal) Compose(OutgoingMessage message);

    /// <summary>Adds the status callback address to a request's form, when the app's public address is known.</summary>
    protected void AddStatusCallback(List<KeyValuePair<string, string>> form)
    {
        if (Options.StatusCallbackUrl is { } callback)
        {
            form.Add(new("StatusCallback", callback));
        }
    }

    private async Task<SendResult> SendOneAsync(OutgoingMessage message, CancellationToken cancellationToken)
    {
        try
        {
            var (form, refusal) = Compose(message);
            return form is null
                ? SendResult.Permanent(message.DeliveryId, refusal ?? "The message cannot be sent through Twilio.")
                : await client.SendAsync(message.DeliveryId, form, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A defect here must not cost the batch its other results.
            LogUnexpected(ex, Channel, message.DeliveryId);
            return SendResult.Transient(message.DeliveryId, $"Unexpected error while sending through Twilio: {ex.Message}");
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Sending {Channel} message {DeliveryId} through Twilio failed unexpectedly.")]
    private partial void LogUnexpected(Exception exception, Channel channel, long deliveryId);
}
