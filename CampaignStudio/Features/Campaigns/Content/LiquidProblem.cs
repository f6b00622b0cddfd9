namespace CampaignStudio.Features.Campaigns.Content;

/// <summary>One problem in a Liquid template, with where it is so an editor can point at it.</summary>
/// <param name="Kind">What kind of problem.</param>
/// <param name="Message">A sentence a marketer can act on.</param>
/// <param name="Position">Zero-based character offset in the template.</param>
/// <param name="Line">One-based line.</param>
/// <param name="Column">One-based column.</param>
/// <param name="Suggestion">A likely intended name (field or filter), when one is close enough.</param>
public sealed record LiquidProblem(LiquidProblemKind Kind, string Message, int Position, int Line, int Column, string? Suggestion = null)
{
    /// <summary>The message prefixed with its place: "Line 3, column 9: ...".</summary>
    public override string ToString() => $"Line {Line}, column {Column}: {Message}";
}
