namespace CampaignStudio.Features.Campaigns.Content;

/// <summary>Every problem found in a campaign's content.</summary>
/// <param name="Problems">Errors and warnings, in field order.</param>
public sealed record ContentCheckResult(IReadOnlyList<ContentProblem> Problems)
{
    /// <summary>A result without problems.</summary>
    public static ContentCheckResult None { get; } = new([]);

    /// <summary>Problems that block saving.</summary>
    public IReadOnlyList<ContentProblem> Errors => Problems.Where(p => p.IsError).ToList();

    /// <summary>Problems shown on review.</summary>
    public IReadOnlyList<ContentProblem> Warnings => Problems.Where(p => !p.IsError).ToList();

    /// <summary>True when anything blocks saving.</summary>
    public bool HasErrors => Problems.Any(p => p.IsError);

    /// <summary>The problems of one field, by path (<c>Email.Subject</c>).</summary>
    public IReadOnlyList<ContentProblem> For(string path) => Problems.Where(p => p.Path == path).ToList();

    /// <summary>This result and <paramref name="other"/> together (for a campaign on several channels).</summary>
    public ContentCheckResult Combine(ContentCheckResult other) => new([.. Problems, .. other.Problems]);
}
