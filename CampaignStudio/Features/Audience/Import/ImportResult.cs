namespace CampaignStudio.Features.Audience.Import;

/// <summary>
/// The end of an import. Rows are written in transactional batches: <see cref="LastCommittedRow"/> is the last data
/// row whose batch was committed; a cancelled or failed import wrote nothing after it.
/// </summary>
public sealed record ImportResult(
    ImportOutcome Outcome,
    int RowsRead,
    int Created,
    int Updated,
    int Rejected,
    int LastCommittedRow,
    IReadOnlyList<ImportRowError> Errors,
    bool ErrorsTruncated,
    string Message)
{
    /// <summary>Rows that created or updated a contact.</summary>
    public int Imported => Created + Updated;
}
