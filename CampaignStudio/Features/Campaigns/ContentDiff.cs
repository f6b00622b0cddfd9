using CampaignStudio.Features.Shared;

namespace CampaignStudio.Features.Campaigns;

/// <summary>How two versions of a campaign's content differ, channel by channel and field by field.</summary>
public sealed record ContentDiff(IReadOnlyList<ChannelContentDiff> Channels)
{
    public bool HasChanges => Channels.Count > 0;

    /// <summary>One line for the change log, e.g. "Email: Subject, HTML body; SMS added; Push removed".</summary>
    public string Summarize() => HasChanges
        ? string.Join("; ", Channels.Select(c => c.Change switch
        {
            ChannelChange.Added => $"{c.Channel.Display()} added",
            ChannelChange.Removed => $"{c.Channel.Display()} removed",
            _ => $"{c.Channel.Display()}: {string.Join(", ", c.Fields.Select(f => f.Label))}",
        }))
        : "no change";
}

/// <summary>A channel that was added, removed or changed, with its changed fields.</summary>
public sealed record ChannelContentDiff(Channel Channel, ChannelChange Change, IReadOnlyList<FieldDiff> Fields);

public enum ChannelChange
{
    Added = 1,
    Removed = 2,
    Changed = 3,
}

/// <summary>
/// One field's value before and after (null when absent). Long text (bodies) also comes as <see cref="Lines"/>, a
/// line-by-line diff; short values have none.
/// </summary>
public sealed record FieldDiff(string Field, string Label, string? Before, string? After, IReadOnlyList<DiffLine>? Lines);

/// <summary>A line of a line diff, with its numbers in the old and the new text.</summary>
public sealed record DiffLine(DiffLineKind Kind, string Text, int? BeforeNumber, int? AfterNumber);

public enum DiffLineKind
{
    Unchanged = 0,
    Removed = 1,
    Added = 2,
}
