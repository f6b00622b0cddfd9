namespace CampaignStudio.Features.Delivery.Progress;

/// <summary>
/// Runs a page's refresh when asked, but never two at once and never more often than every <c>minInterval</c>: asks
/// that arrive while a refresh runs (or too soon after one) become a single refresh once it is allowed. So a page stays
/// at most one interval plus one query behind the ledger, however often changes arrive and however slow the query.
/// The refresh handles its own errors; one that throws anyway ends that round, and the next ask starts afresh.
/// </summary>
public sealed class ThrottledRefresh(Func<CancellationToken, Task> refresh, TimeSpan minInterval, TimeProvider clock) : IDisposable
{
    private readonly CancellationTokenSource stopping = new();
    private readonly Lock gate = new();
    private bool running;
    private bool again;
    private long lastStarted = -1;

    public void Request()
    {
        lock (gate)
        {
            if (stopping.IsCancellationRequested)
            {
                return;
            }

            if (running)
            {
                again = true;
                return;
            }

            running = true;
            _ = RunAsync();
        }
    }

    public void Dispose()
    {
        lock (gate)
        {
            if (stopping.IsCancellationRequested)
            {
                return;
            }

            stopping.Cancel();
        }

        stopping.Dispose();
    }

    private async Task RunAsync()
    {
        try
        {
            // Leave the caller (a notifier going through its subscribers) before any waiting or querying.
            await Task.Yield();
            while (true)
            {
                var token = stopping.Token;
                var wait = lastStarted < 0 ? TimeSpan.Zero : minInterval - clock.GetElapsedTime(lastStarted);
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, clock, token);
                }

                lastStarted = clock.GetTimestamp();
                await refresh(token);
                lock (gate)
                {
                    if (!again || stopping.IsCancellationRequested)
                    {
                        running = false;
                        return;
                    }

                    again = false;
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
        {
            // Disposed: the page is gone.
        }
        catch (Exception)
        {
            // The refresh reports its own errors; nobody awaits this round, which ends here.
        }
        finally
        {
            lock (gate)
            {
                running = false;
            }
        }
    }
}
