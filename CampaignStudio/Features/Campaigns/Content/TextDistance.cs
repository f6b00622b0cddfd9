namespace CampaignStudio.Features.Campaigns.Content;

/// <summary>Edit distance for "did you mean" suggestions.</summary>
internal static class TextDistance
{
    /// <summary>
    /// Levenshtein distance counting an adjacent transposition as one edit (optimal string alignment), so
    /// <c>frist</c> is one edit from <c>first</c>.
    /// </summary>
    public static int Between(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }

    /// <summary>
    /// The candidate closest to <paramref name="input"/> within a typo's reach (one edit per four characters, one to
    /// three), or null. <paramref name="distanceTo"/> replaces the plain distance when given.
    /// </summary>
    public static string? Closest(string input, IEnumerable<string> candidates, Func<string, int>? distanceTo = null)
    {
        var limit = Math.Max(1, Math.Min(3, input.Length / 4));
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in candidates)
        {
            var distance = distanceTo is null ? Between(input, candidate) : distanceTo(candidate);
            if (distance < bestDistance && distance <= limit && candidate != input)
            {
                best = candidate;
                bestDistance = distance;
            }
        }

        return best;
    }
}
