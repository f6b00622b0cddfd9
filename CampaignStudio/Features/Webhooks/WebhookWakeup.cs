namespace CampaignStudio.Features.Webhooks;

/// <summary>Wakes this instance's idle <see cref="WebhookDispatcher"/> when events were just published here.</summary>
public sealed class WebhookWakeup
{
    private readonly SemaphoreSlim signal = new(0, 1);

    public void Wake()
    {
        try
        {
            signal.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already awake-pending.
        }
    }

    /// <summary>Waits for a wake-up or <paramref name="timeout"/>, whichever comes first.</summary>
    public Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => signal.WaitAsync(timeout, cancellationToken);
}
