namespace CampaignStudio.Features.Audience.Import;

/// <summary>
/// Why a row was not imported: <see cref="Row"/> is the 1-based data row of the file (row 1 is the first row under
/// the header; blank lines count), <see cref="Field"/> the column header (or the field) at fault.
/// </summary>
public sealed record ImportRowError(int Row, string Field, string Reason);
