using CampaignStudio.Features.Delivery;

namespace CampaignStudio.Tests.TestSupport;

/// <summary>Wraps the progress hub and counts the subscriptions that are open (pages must let go of theirs).</summary>
public sealed class CountingDeliveryProgress
{
    private int active;

    public int Active => Volatile.Read(ref active);

    public IDeliveryProgress Wrapping(IDeliveryProgress inner) => new Wrapper(this, inner);

    private sealed class Wrapper(CountingDeliveryProgress counter, IDeliveryProgress inner) : IDeliveryProgress
    {
        public void Changed(int campaignId) => inner.Changed(campaignId);

        public IDisposable Subscribe(Func<int, Task> onChanged)
        {
            Interlocked.Increment(ref counter.active);
            var subscription = inner.Subscribe(onChanged);
            return new Counted(() =>
            {
                subscription.Dispose();
                Interlocked.Decrement(ref counter.active);
            });
        }
    }

    private sealed class Counted(Action dispose) : IDisposable
    {
        private Action? dispose = dispose;

        public void Dispose() => Interlocked.Exchange(ref dispose, null)?.Invoke();
    }
}
