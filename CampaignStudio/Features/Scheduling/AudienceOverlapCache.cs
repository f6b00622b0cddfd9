using System.Collections.Concurrent;

namespace CampaignStudio.Features.Scheduling;

/// <summary>
/// Shared-contact counts of campaign pairs, kept for <see cref="Lifetime"/>: the calendar reloads on every campaign
/// change and in every open tab, and the counts need not be fresher than that. The key names what the audiences
/// were built from (campaign and segment revisions), so an edit is seen at once; contacts' changes within a minute.
/// </summary>
public sealed class AudienceOverlapCache(TimeProvider clock)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(1);

    private const int MaxEntries = 5000;

    private readonly ConcurrentDictionary<string, (int Contacts, DateTime ExpiresUtc)> entries = new(StringComparer.Ordinal);

    public bool TryGet(string key, out int contacts)
    {
        if (entries.TryGetValue(key, out var entry) && entry.ExpiresUtc > clock.GetUtcNow().UtcDateTime)
        {
            contacts = entry.Contacts;
            return true;
        }

        contacts = 0;
        return false;
    }

    public void Set(string key, int contacts)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        if (entries.Count >= MaxEntries)
        {
            foreach (var stale in entries.Where(e => e.Value.ExpiresUtc <= now).Select(e => e.Key).ToList())
            {
                entries.TryRemove(stale, out _);
            }

            if (entries.Count >= MaxEntries)
            {
                entries.Clear();
            }
        }

        entries[key] = (contacts, now + Lifetime);
    }
}
