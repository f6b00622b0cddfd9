namespace CampaignStudio.Features.Tracking;

/// <summary>
/// Runs a loop that talks to the database synchronously on a background thread of its own, so the database's answer
/// wakes it at once instead of queueing a continuation on the thread pool behind the requests.
/// </summary>
internal static class DedicatedThread
{
    /// <summary>Starts <paramref name="loop"/>; the task completes when it returns, or faults with what it threw.</summary>
    public static Task Start(string name, Action loop)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                loop();
                done.SetResult();
            }
            catch (Exception e)
            {
                done.SetException(e);
            }
        })
        {
            IsBackground = true,
            Name = name,
        };
        thread.Start();
        return done.Task;
    }
}
