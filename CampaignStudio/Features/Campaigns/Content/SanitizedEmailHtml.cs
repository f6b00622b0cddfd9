namespace CampaignStudio.Features.Campaigns.Content;

/// <summary>Email HTML after sanitising, with what was taken out so the editor can say so.</summary>
/// <param name="Html">The safe HTML, Liquid placeholders untouched.</param>
/// <param name="Removed">Short descriptions of what was removed (<c>&lt;script&gt;</c>, <c>onerror attribute</c>...), distinct.</param>
public sealed record SanitizedEmailHtml(string Html, IReadOnlyList<string> Removed)
{
    /// <summary>True when sanitising removed anything.</summary>
    public bool RemovedAnything => Removed.Count > 0;
}
