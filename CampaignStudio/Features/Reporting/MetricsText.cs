using System.Globalization;

namespace CampaignStudio.Features.Reporting;

/// <summary>Figures as people read them on the dashboard, the details page and the reports.</summary>
public static class MetricsText
{
    public static string Count(long value) => value.ToString("N0", CultureInfo.CurrentCulture);

    /// <summary>"12.5%", or "—" when there is nothing to take a share of.</summary>
    public static string Rate(double? share) => share is { } s ? (s * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%" : "—";

    public static string Money(decimal value) => value.ToString("N2", CultureInfo.CurrentCulture);

    /// <summary>The change from <paramref name="before"/> to <paramref name="now"/> as "+12%", "−3%", "new" or null when neither has figures.</summary>
    public static string? Change(double now, double before) => before == 0
        ? (now == 0 ? null : "new")
        : ((now - before) / before) switch
        {
            var c when Math.Abs(c) < 0.005 => "±0%",
            var c when c > 0 => "+" + (c * 100).ToString("0", CultureInfo.InvariantCulture) + "%",
            var c => "−" + (-c * 100).ToString("0", CultureInfo.InvariantCulture) + "%",
        };

    /// <summary>The change of a rate in percentage points: "+1.2 pt", "−0.4 pt", or null when either is unknown.</summary>
    public static string? PointChange(double? now, double? before) => now is not { } n || before is not { } b
        ? null
        : ((n - b) * 100) switch
        {
            var p when Math.Abs(p) < 0.05 => "±0 pt",
            var p when p > 0 => "+" + p.ToString("0.0", CultureInfo.InvariantCulture) + " pt",
            var p => "−" + (-p).ToString("0.0", CultureInfo.InvariantCulture) + " pt",
        };
}
