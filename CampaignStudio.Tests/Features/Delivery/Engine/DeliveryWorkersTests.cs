using CampaignStudio.Features.Campaigns;
using CampaignStudio.Features.Delivery;
using CampaignStudio.Features.Delivery.Engine;
using CampaignStudio.Features.Shared;

namespace CampaignStudio.Tests.Features.Delivery.Engine;

public sealed class DeliveryWorkersTests
{
    [Theory]
    [InlineData(100, 5, 4, 31)] // four workers take turns at 100/s: 25/s each, so 31 rows take a quarter of 5 s
    [InlineData(10, 120, 4, 5)] // a batch takes two seconds at most: 2.5/s each
    [InlineData(200, 120, 4, 100)]
    [InlineData(2, 120, 4, 1)]
    [InlineData(100, 5, 1, 125)]
    [InlineData(2000, 5, 4, 200)] // capped at BatchSize
    [InlineData(1, 5, 4, 1)] // at least one row
    public void BatchSizeFor_TheChannelsWorkersShareItsRate_ABatchTakesAQuarterOfTheLeaseOrTwoSecondsAtMost(int rate, int leaseSeconds, int workers, int expected)
    {
        var options = new DeliveryOptions { LeaseSeconds = leaseSeconds, BatchSize = 200, Concurrency = new DeliveryOptions.ChannelConcurrency { Sms = workers } };
        var rates = new DeliveryRateOptions { Sms = rate };

        var size = DeliveryWorkers.BatchSizeFor(Channel.Sms, options, rates);

        Assert.Equal(expected, size);
        if (size > 1)
        {
            Assert.True(size * workers / (double)rate <= leaseSeconds / 4.0, "all workers' batches together take longer than a quarter of the lease at the channel's rate");
            Assert.True(size * workers / (double)rate <= DeliveryWorkers.MaxBatchSeconds, "a batch takes longer than two seconds at the channel's rate");
        }
    }
}
