using Microsoft.Extensions.Time.Testing;

namespace CampaignStudio.Tests.TestSupport;

public static class StoppedClock
{
    /// <summary>
    /// Lets a stopped clock move on in steps of <paramref name="step"/> until <paramref name="assertion"/> holds (pages
    /// throttle their reloads on the app's clock), for at most ten seconds of real time.
    /// </summary>
    public static async Task AdvanceUntilAsync(this FakeTimeProvider clock, Action assertion, TimeSpan step)
    {
        var until = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            try
            {
                assertion();
                return;
            }
            catch (Xunit.Sdk.XunitException) when (DateTime.UtcNow < until)
            {
                clock.Advance(step);
                await Task.Delay(50);
            }
        }
    }
}
