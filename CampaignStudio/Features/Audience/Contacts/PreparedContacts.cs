namespace CampaignStudio.Features.Audience.Contacts;

/// <summary>A batch of contact inputs validated, normalised and sealed, ready to be written.</summary>
internal sealed class PreparedContacts(int count)
{
    /// <summary>Per input, its result once known: rejected inputs have theirs already.</summary>
    public ContactItemResult?[] Results { get; } = new ContactItemResult?[count];

    /// <summary>Every validation problem, keyed <c>items[i].field</c>.</summary>
    public Dictionary<string, string[]> Errors { get; } = [];

    public List<SealedContact> Valid { get; } = [];

    public void Reject(int index, IReadOnlyDictionary<string, string[]> itemErrors)
    {
        Results[index] = new ContactItemResult(index, ItemOutcome.Rejected, null, itemErrors);
        foreach (var (field, messages) in itemErrors)
        {
            Errors[$"items[{index}].{field}"] = messages;
        }
    }
}

/// <summary>A valid input with its email and phone already encrypted and blind-indexed.</summary>
internal sealed record SealedContact(int Index, NormalizedContact Input, SealedValue? Email, SealedValue? Phone);
