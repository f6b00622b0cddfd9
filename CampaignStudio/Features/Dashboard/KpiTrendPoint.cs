namespace CampaignStudio.Features.Dashboard;

/// <summary>One day of the KPI trend: the figures of the campaigns that started sending that day.</summary>
public sealed record KpiTrendPoint(DateOnly Day, int Campaigns, long Sent, long UniqueOpens, long UniqueClicks, long Conversions);
