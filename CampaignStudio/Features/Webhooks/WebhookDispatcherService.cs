using Microsoft.Extensions.Options;

namespace CampaignStudio.Features.Webhooks;

/// <summary>Runs the <see cref="WebhookDispatcher"/> in the background: a batch whenever one is due, else a nap until the next poll or a wake-up.</summary>
public sealed partial class WebhookDispatcherService(WebhookDispatcher dispatcher, WebhookWakeup wakeup, IOptions<WebhookOptions> options, ILogger<WebhookDispatcherService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var poll = TimeSpan.FromMilliseconds(options.Value.PollMilliseconds);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (await dispatcher.DispatchDueAsync(stoppingToken) > 0)
                {
                    continue;
                }

                await wakeup.WaitAsync(poll, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                LogDispatchFailed(e);
                await Task.Delay(poll, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Sending webhooks failed; trying again shortly.")]
    private partial void LogDispatchFailed(Exception exception);
}
