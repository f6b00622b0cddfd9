namespace CampaignStudio.Features.Audience.Import;

/// <summary>How to read a CSV file: its format, and the target of each column (by position; <see cref="ImportTargets.Ignore"/> skips one).</summary>
public sealed record ImportMapping(string FileName, CsvFormat Format, IReadOnlyList<string> Headers, IReadOnlyList<string> Targets)
{
    /// <summary>Error key for "no identifier column is mapped".</summary>
    public const string IdentifierError = "identifier";

    /// <summary>
    /// Whether a blank cell empties the stored value of an existing contact (profile and custom fields). By default
    /// it leaves the value as it is, so a file with fewer details never erases what the CRM already knows.
    /// </summary>
    public bool BlankCellsClear { get; init; }

    public ImportMapping WithTarget(int column, string target) =>
        this with { Targets = [.. Targets.Select((t, i) => i == column ? target : t)] };

    /// <summary>
    /// The column a contact validation error is about (<c>email</c>, <c>fields.dealer_tier</c>, <c>consents</c>), or
    /// null when no single column is (e.g. "needs an identifier").
    /// </summary>
    public int? ColumnOf(string errorKey)
    {
        var target = errorKey switch
        {
            "consents" => Targets.FirstOrDefault(t => t.StartsWith(ImportTargets.ConsentPrefix, StringComparison.Ordinal)),
            _ when errorKey.StartsWith("fields.", StringComparison.Ordinal) => ImportTargets.FieldKey(errorKey["fields.".Length..]),
            _ => errorKey,
        };
        var index = target is null ? -1 : Targets.ToList().IndexOf(target);
        return index >= 0 && index < Headers.Count ? index : null;
    }

    /// <summary>The column header a contact validation error is about, or the error's own key.</summary>
    public string FieldNameOf(string errorKey) => ColumnOf(errorKey) is { } column ? Headers[column] : errorKey;

    /// <summary>
    /// Problems with the mapping, keyed <c>columns[i]</c> (unknown or repeated target) or <see cref="IdentifierError"/>
    /// (none of external id, email and phone is mapped); empty when it can be imported.
    /// </summary>
    public IReadOnlyDictionary<string, string[]> Validate(IReadOnlyCollection<ImportTarget> known)
    {
        var errors = new Dictionary<string, string[]>();
        if (Targets.Count != Headers.Count)
        {
            errors["columns"] = [$"The mapping has {Targets.Count} targets for {Headers.Count} columns."];
            return errors;
        }

        var byKey = known.ToDictionary(t => t.Key);
        var seen = new Dictionary<string, int>();
        for (var i = 0; i < Targets.Count; i++)
        {
            var target = Targets[i];
            if (!byKey.TryGetValue(target, out var definition))
            {
                errors[$"columns[{i}]"] = [$"'{target}' is not something a column can be imported into. Pick a contact field, a consent, an existing custom field, or ignore the column."];
            }
            else if (target != ImportTargets.Ignore && target != ImportTargets.Tags && !seen.TryAdd(target, i))
            {
                errors[$"columns[{i}]"] = [$"{definition.Label} is already taken by column '{Headers[seen[target]]}'. Map each field once, or ignore this column."];
            }
        }

        if (!Targets.Any(t => byKey.TryGetValue(t, out var definition) && definition.IsIdentifier))
        {
            errors[IdentifierError] = ["Map at least one column to External id, Email or Phone: contacts are matched and created by them."];
        }

        return errors;
    }
}
