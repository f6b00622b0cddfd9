namespace CampaignStudio.Features.Audience.Import;

/// <summary>How far an import is: rows read and their outcomes so far, and bytes read of the file's total (null when unknown).</summary>
public readonly record struct ImportProgress(int RowsRead, int Created, int Updated, int Rejected, long BytesRead, long? TotalBytes)
{
    /// <summary>0–100 by bytes, or null when the total is unknown.</summary>
    public double? Percent => TotalBytes is > 0 and var total ? Math.Min(100.0, 100.0 * BytesRead / total) : null;
}
