using CampaignStudio.Features.Campaigns;
using CampaignStudio.Features.Campaigns.Pages;
using CampaignStudio.Features.Shared;

namespace CampaignStudio.Tests.Components.Campaigns;

/// <summary>The history page's filters: the service query they make, and the address they are shared by.</summary>
public sealed class CampaignListFiltersTests
{
    private static readonly CampaignListFilters Everything = new()
    {
        Statuses = [CampaignStatus.Draft, CampaignStatus.Scheduled],
        Channel = Channel.WhatsApp,
        CreatorId = "user-7",
        From = new DateOnly(2026, 6, 1),
        To = new DateOnly(2026, 6, 30),
        SegmentId = 3,
        Search = " diwali ",
        ShowArchived = true,
    };

    [Fact]
    public void ToQuery_TurnsTheViewersLocalDaysIntoUtcInstants_AndKeepsEveryFilter()
    {
        var query = Everything.ToQuery(CampaignSort.Name, 2, 50, TimeZoneInfo.FindSystemTimeZoneById("Asia/Kolkata"));

        Assert.Equal([CampaignStatus.Draft, CampaignStatus.Scheduled], query.Statuses);
        Assert.Equal((Channel.WhatsApp, "user-7", 3, "diwali", true), (query.Channel, query.CreatedById, query.SegmentId, query.Search, query.IncludeArchived));
        Assert.Equal(new DateTime(2026, 5, 31, 18, 30, 0, DateTimeKind.Utc), query.ScheduledFromUtc);
        Assert.Equal(new DateTime(2026, 6, 30, 18, 30, 0, DateTimeKind.Utc), query.ScheduledToUtc);
        Assert.Equal((CampaignSort.Name, 2, 50), (query.Sort, query.Page, query.PageSize));
    }

    [Fact]
    public void Address_RoundTripsEveryFilter()
    {
        var uri = Everything.ToUri("/campaigns");

        Assert.Equal("/campaigns?status=draft,scheduled&channel=whatsapp&creator=user-7&from=2026-06-01&to=2026-06-30&segment=3&q=diwali&archived=true", Uri.UnescapeDataString(uri));
        Assert.Equal(Everything.ToUri("/campaigns"), CampaignListFilters.FromUri("http://localhost" + uri).ToUri("/campaigns"));
    }

    [Fact]
    public void FromUri_LeavesOutWhatItCannotRead()
    {
        var filters = CampaignListFilters.FromUri("http://localhost/campaigns?status=sending,bogus&channel=fax&from=yesterday&segment=x");

        Assert.Equal([CampaignStatus.Sending], filters.Statuses);
        Assert.Null(filters.Channel);
        Assert.Null(filters.From);
        Assert.Null(filters.SegmentId);
        Assert.True(filters.IsFiltered);
        Assert.False(new CampaignListFilters { ShowArchived = true }.IsFiltered);
    }
}
