using CampaignStudio.Features.Tracking;

namespace CampaignStudio.Tests.Features.Tracking;

/// <summary>
/// How long the folder rests after a batch: while hits keep arriving it takes its share of the time and leaves the rest
/// to the requests; it counts flat out when none arrive, when it is too far behind, or when its share is all the time.
/// </summary>
public sealed class FolderPacingTests
{
    private static readonly DateTime Now = new(2026, 11, 25, 9, 0, 0, DateTimeKind.Utc);
    private static readonly TimeSpan Took = TimeSpan.FromMilliseconds(30);

    private static FoldResult Batch(int folded, TimeSpan behind) => new(true, folded, 0, [1], Now - behind);

    [Theory]
    [InlineData(0.3, 70)]
    [InlineData(0.5, 30)]
    [InlineData(0.25, 90)]
    public void WhileHitsArrive_ItRestsSoThatItWorksItsShareOfTheTime(double share, int restMs)
    {
        var options = new TrackingOptions { CountingShareUnderLoad = share, MaxCountingLagSeconds = 30 };

        var rest = TrackingHitFolder.RestAfter(Batch(1000, TimeSpan.FromSeconds(5)), Took, arriving: true, Now, options);

        Assert.Equal(restMs, rest.TotalMilliseconds, precision: 6);
    }

    [Fact]
    public void NoHitArriving_NothingCounted_TooFarBehind_OrTheWholeTime_MeansNoRest()
    {
        var options = new TrackingOptions { CountingShareUnderLoad = 0.3, MaxCountingLagSeconds = 30 };

        Assert.Equal(TimeSpan.Zero, TrackingHitFolder.RestAfter(Batch(1000, TimeSpan.FromSeconds(5)), Took, arriving: false, Now, options));
        Assert.Equal(TimeSpan.Zero, TrackingHitFolder.RestAfter(new FoldResult(true, 0, 0, []), Took, arriving: true, Now, options));
        Assert.Equal(TimeSpan.Zero, TrackingHitFolder.RestAfter(Batch(1000, TimeSpan.FromSeconds(31)), Took, arriving: true, Now, options));
        Assert.NotEqual(TimeSpan.Zero, TrackingHitFolder.RestAfter(Batch(1000, TimeSpan.FromSeconds(29)), Took, arriving: true, Now, options));
        Assert.Equal(TimeSpan.Zero, TrackingHitFolder.RestAfter(Batch(1000, TimeSpan.FromSeconds(5)), Took, arriving: true, Now, new TrackingOptions { CountingShareUnderLoad = 1 }));
    }
}
