using CampaignStudio.Features.Shared;

namespace CampaignStudio.Features.Campaigns;

/// <summary>Collects messages per field while checking input, then throws them together (or not at all).</summary>
public sealed class FieldErrors
{
    private readonly Dictionary<string, List<string>> errors = new(StringComparer.Ordinal);

    public bool Any => errors.Count > 0;

    public IReadOnlyCollection<string> Fields => errors.Keys;

    public void Add(string field, string message)
    {
        if (!errors.TryGetValue(field, out var messages))
        {
            errors[field] = messages = [];
        }

        messages.Add(message);
    }

    public void AddRange(IReadOnlyDictionary<string, string[]> more)
    {
        foreach (var (field, messages) in more)
        {
            foreach (var message in messages)
            {
                Add(field, message);
            }
        }
    }

    /// <summary>Checks a text's length; blank text counts as absent.</summary>
    public void MaxLength(string field, string? value, int max, string label)
    {
        if (value?.Length > max)
        {
            Add(field, $"{label} is at most {max:N0} characters (it has {value.Length:N0}).");
        }
    }

    public IReadOnlyDictionary<string, string[]> ToDictionary() => errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);

    public void ThrowIfAny()
    {
        if (Any)
        {
            throw new ValidationFailedException(ToDictionary());
        }
    }
}
