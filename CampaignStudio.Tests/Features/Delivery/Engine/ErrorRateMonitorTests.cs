using CampaignStudio.Features.Delivery;
using CampaignStudio.Features.Delivery.Engine;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace CampaignStudio.Tests.Features.Delivery.Engine;

public sealed class ErrorRateMonitorTests
{
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero));
    private readonly ErrorRateMonitor monitor;

    public ErrorRateMonitorTests()
    {
        monitor = new ErrorRateMonitor(Options.Create(new DeliveryOptions { AutoPauseErrorRate = 0.5, AutoPauseMinAttempts = 10, AutoPauseWindowSeconds = 60 }), clock);
    }

    [Fact]
    public void TripsOnlyWithEnoughAttemptsAndAFailureShareAtTheLimit()
    {
        monitor.Record(7, revision: 3, attempts: 6, failures: 6);
        Assert.Null(monitor.Tripped(7, 3));

        monitor.Record(7, revision: 3, attempts: 6, failures: 0);
        Assert.Equal(0.5, monitor.Tripped(7, 3));
        Assert.Null(monitor.Tripped(8, 3));
    }

    [Fact]
    public void OldSecondsLeaveTheWindow()
    {
        monitor.Record(7, 3, 20, 20);
        clock.Advance(TimeSpan.FromSeconds(61));
        monitor.Record(7, 3, 20, 0);

        Assert.Null(monitor.Tripped(7, 3));
    }

    [Fact]
    public void ANewRunStartsClean_AndLateFailuresOfTheOldRunNeitherCountNorTrip()
    {
        monitor.Record(7, revision: 3, attempts: 20, failures: 20);
        Assert.NotNull(monitor.Tripped(7, 3));

        // Paused (revision 4) and resumed (revision 5): the first results of the new run restart the count.
        monitor.Record(7, revision: 5, attempts: 10, failures: 1);
        Assert.Null(monitor.Tripped(7, 5));

        // A chunk that was still out when the campaign paused answers now, all failed.
        monitor.Record(7, revision: 3, attempts: 20, failures: 20);
        Assert.Null(monitor.Tripped(7, 3));
        Assert.Null(monitor.Tripped(7, 5));
    }
}
