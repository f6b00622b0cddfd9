namespace CampaignStudio.Features.Audience.Contacts;

/// <summary>What happened to each item of a batch, in input order.</summary>
public sealed record ContactBatchResult(IReadOnlyList<ContactItemResult> Items)
{
    public int Created => Items.Count(i => i.Outcome == ItemOutcome.Created);

    public int Updated => Items.Count(i => i.Outcome == ItemOutcome.Updated);

    public int Rejected => Items.Count(i => i.Outcome == ItemOutcome.Rejected);
}

public sealed record ContactItemResult(int Index, ItemOutcome Outcome, long? ContactId, IReadOnlyDictionary<string, string[]>? Errors);

public enum ItemOutcome
{
    Created,
    Updated,
    Rejected,
}
