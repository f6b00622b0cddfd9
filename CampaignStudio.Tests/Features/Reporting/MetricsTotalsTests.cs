using CampaignStudio.Features.Reporting;
using CampaignStudio.Features.Shared;
using static CampaignStudio.Tests.Features.Reporting.FixedCampaignMetrics;

namespace CampaignStudio.Tests.Features.Reporting;

/// <summary>Adding figures up: rates over what each part reached; changes against the period before in words.</summary>
public sealed class MetricsTotalsTests
{
    [Fact]
    public void Of_ChannelWithAndWithoutDeliveryReports_RatesAreOverWhatEachReached()
    {
        // Email: 100 sent, no delivery reports; SMS: 100 sent, 50 reported delivered.
        var email = Figures(sent: 100, opens: 30, clicks: 10, channel: Channel.Email);
        var sms = Figures(sent: 100, clicks: 10, channel: Channel.Sms, delivered: 50);

        var total = MetricsTotals.Of([email, sms]);

        Assert.Equal((2, 200L, 150L), (total.Campaigns, total.Sent, total.Reached));
        Assert.Equal(30 / 150.0, total.OpenRate!.Value, 9);
        Assert.Equal(20 / 150.0, total.ClickRate!.Value, 9);
        Assert.Equal(20 / 30.0, total.ClickToOpenRate!.Value, 9);
    }

    [Fact]
    public void Of_Nothing_HasNoRates()
    {
        var total = MetricsTotals.Of([]);

        Assert.Equal(0, total.Campaigns);
        Assert.Null(total.OpenRate);
        Assert.Equal("—", MetricsText.Rate(total.OpenRate));
    }

    [Theory]
    [InlineData(120, 100, "+20%")]
    [InlineData(97, 100, "−3%")]
    [InlineData(100, 100, "±0%")]
    [InlineData(5, 0, "new")]
    [InlineData(0, 0, null)]
    public void Change_AgainstThePeriodBefore_InWords(double now, double before, string? expected) => Assert.Equal(expected, MetricsText.Change(now, before));

    [Fact]
    public void PointChange_OfRates_InPercentagePoints()
    {
        Assert.Equal("+1.5 pt", MetricsText.PointChange(0.215, 0.2));
        Assert.Equal("−0.4 pt", MetricsText.PointChange(0.196, 0.2));
        Assert.Null(MetricsText.PointChange(0.2, null));
        Assert.Equal("21.5%", MetricsText.Rate(0.215));
    }
}
