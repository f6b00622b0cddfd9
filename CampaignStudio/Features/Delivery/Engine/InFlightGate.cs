using CampaignStudio.Features.Shared;
using Microsoft.Extensions.Options;

namespace CampaignStudio.Features.Delivery.Engine;

/// <summary>
/// Bounds the rendered messages this instance holds per channel (<see cref="DeliveryOptions.MessagesInFlight"/>): a
/// chunk takes its messages' places before it is rendered and gives them back as soon as the provider has answered.
/// All of a channel's workers share the places, so however many batches send at once, the rendered messages waiting
/// for a connection stay few: each lives for milliseconds, not for the second a deep queue would hold it, and the
/// garbage collector does not have to carry them from one generation to the next.
/// </summary>
public sealed class InFlightGate
{
    private readonly Dictionary<Channel, Places> channels;

    public InFlightGate(IOptions<DeliveryOptions> options)
    {
        channels = Enum.GetValues<Channel>().ToDictionary(c => c, c => new Places(options.Value.MessagesInFlight.For(c)));
    }

    /// <summary>How many messages of <paramref name="channel"/> may be rendered and not answered at once.</summary>
    public int Capacity(Channel channel) => channels[channel].Capacity;

    /// <summary>Waits for <paramref name="count"/> places (at most the capacity); returns how many were taken, for <see cref="Release"/>.</summary>
    public Task<int> AcquireAsync(Channel channel, int count, CancellationToken cancellationToken) => channels[channel].AcquireAsync(count, cancellationToken);

    public void Release(Channel channel, int taken) => channels[channel].Release(taken);

    private sealed class Places(int capacity)
    {
        private readonly SemaphoreSlim places = new(capacity, capacity);

        /// <summary>
        /// One taker at a time: two chunks each holding part of what they need, while waiting for the rest, would wait
        /// for each other forever. Places come back only from answered sends, which never need this turn.
        /// </summary>
        private readonly SemaphoreSlim turn = new(1, 1);

        public int Capacity => capacity;

        public async Task<int> AcquireAsync(int count, CancellationToken cancellationToken)
        {
            var wanted = Math.Clamp(count, 0, capacity);
            var taken = 0;
            await turn.WaitAsync(cancellationToken);
            try
            {
                while (taken < wanted)
                {
                    await places.WaitAsync(cancellationToken);
                    taken++;
                }

                return taken;
            }
            catch
            {
                Release(taken);
                throw;
            }
            finally
            {
                turn.Release();
            }
        }

        public void Release(int taken)
        {
            if (taken > 0)
            {
                places.Release(taken);
            }
        }
    }
}
