namespace CampaignStudio.Features.Delivery.Progress;

/// <summary>
/// Lets everyone who wants the same thing read it together: per key, at most one read runs at a time, and callers that
/// arrive while it runs share the next read, which starts as soon as the running one ends. Each caller still gets a
/// read that started after it asked (so nothing recorded before the ask is missing), while the database sees one read
/// per key at a time however many pages ask. A caller's cancellation stops its wait, not the shared read.
/// </summary>
public sealed class CoalescedReads<TKey, TValue>(Func<TKey, Task<TValue>> read)
    where TKey : notnull
{
    private readonly Dictionary<TKey, Slot> slots = [];
    private readonly Lock gate = new();

    public Task<TValue> ReadAsync(TKey key, CancellationToken cancellationToken = default)
    {
        Task<TValue> result;
        lock (gate)
        {
            if (!slots.TryGetValue(key, out var slot))
            {
                // Nothing running: read now.
                slot = new Slot();
                slots[key] = slot;
                var now = NewCompletion();
                result = now.Task;
                _ = Task.Run(() => RunAsync(key, slot, now), CancellationToken.None);
            }
            else
            {
                // A read is running (it may have started before this caller asked): wait for the next one.
                slot.Next ??= NewCompletion();
                result = slot.Next.Task;
            }
        }

        return result.WaitAsync(cancellationToken);
    }

    private static TaskCompletionSource<TValue> NewCompletion() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private async Task RunAsync(TKey key, Slot slot, TaskCompletionSource<TValue> completion)
    {
        while (true)
        {
            try
            {
                completion.TrySetResult(await read(key));
            }
            catch (Exception e)
            {
                completion.TrySetException(e);
            }

            lock (gate)
            {
                if (slot.Next is not { } next)
                {
                    slots.Remove(key);
                    return;
                }

                slot.Next = null;
                completion = next;
            }
        }
    }

    private sealed class Slot
    {
        public TaskCompletionSource<TValue>? Next { get; set; }
    }
}
