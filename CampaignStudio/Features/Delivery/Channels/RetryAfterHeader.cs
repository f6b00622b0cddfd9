namespace CampaignStudio.Features.Delivery.Channels;

/// <summary>Reads a provider's <c>Retry-After</c> header, given in seconds or as an HTTP date.</summary>
public static class RetryAfterHeader
{
    /// <summary>How long to wait: the delay, or the time left until the date (never negative); null when there is no header.</summary>
    public static TimeSpan? Read(HttpResponseMessage response, DateTimeOffset now)
    {
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta)
        {
            return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        }

        if (header?.Date is { } date)
        {
            var left = date - now;
            return left < TimeSpan.Zero ? TimeSpan.Zero : left;
        }

        return null;
    }
}
