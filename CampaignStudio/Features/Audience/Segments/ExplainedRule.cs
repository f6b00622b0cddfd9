namespace CampaignStudio.Features.Audience.Segments;

/// <summary>One node of the rules (at <see cref="Path"/>, e.g. <c>root.rules[1]</c>), in words, and whether the contact satisfies it.</summary>
public sealed record ExplainedRule(string Path, string Description, bool Satisfied, IReadOnlyList<ExplainedRule> Rules);
