namespace CampaignStudio.Features.Scheduling;

/// <summary>
/// A day on which campaigns' audiences share contacts, so the same people may hear from several of them:
/// each pair that shares someone, with how many. <see cref="Unchecked"/> pairs of that day were not compared
/// because the view reached its limit of comparisons.
/// </summary>
public sealed record CalendarOverlap(DateOnly Day, IReadOnlyList<SharedAudience> Pairs, int Unchecked = 0)
{
    /// <summary>The campaigns that share contacts with another one that day, in calendar order.</summary>
    public IReadOnlyList<int> CampaignIds => [.. Pairs.SelectMany(p => new[] { p.FirstId, p.SecondId }).Distinct()];

    /// <summary>Whether some contacts are known to hear from two campaigns that day (rather than only unchecked pairs).</summary>
    public bool IsShared => Pairs.Count > 0;

    /// <summary>In words, for the warning's tooltip.</summary>
    public string Describe()
    {
        var shared = string.Join("; ", Pairs.Select(p => $"'{p.FirstName}' and '{p.SecondName}' share {Contacts(p.Contacts)}"));
        var notChecked = Unchecked == 0 ? "" : $"{Unchecked} more pair{(Unchecked == 1 ? "" : "s")} of campaigns not compared (too many in this view).";
        return Pairs.Count == 0 ? notChecked : $"Overlapping audiences: {shared}.{(notChecked.Length == 0 ? "" : " " + notChecked)}";
    }

    private static string Contacts(int count) => count == 1 ? "1 contact" : $"{count.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)} contacts";
}
