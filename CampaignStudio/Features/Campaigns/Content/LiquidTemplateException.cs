namespace CampaignStudio.Features.Campaigns.Content;

/// <summary>A template could not be prepared for rendering: it does not parse or uses a tag that is not allowed.</summary>
public sealed class LiquidTemplateException : Exception
{
    /// <summary>Creates the exception from the problems found.</summary>
    public LiquidTemplateException(IReadOnlyList<LiquidProblem> problems)
        : base(problems.Count == 0 ? "The template is not valid." : string.Join(" ", problems.Select(p => p.ToString())))
    {
        Problems = problems;
    }

    /// <summary>What is wrong, in template order.</summary>
    public IReadOnlyList<LiquidProblem> Problems { get; }
}
