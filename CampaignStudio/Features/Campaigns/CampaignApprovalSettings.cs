using System.Text.Json;
using CampaignStudio.Data;
using Microsoft.EntityFrameworkCore;

namespace CampaignStudio.Features.Campaigns;

/// <summary>
/// Whether campaigns need an approver's yes before they are scheduled (off unless an admin turns it on), and whether
/// an approver may approve a campaign they created or submitted themselves (not by default). Stored as one
/// <see cref="SystemSetting"/>.
/// </summary>
public sealed record CampaignApprovalSettings(bool RequireApproval, bool AllowSelfApproval)
{
    public const string Key = "campaigns.approval";

    public static CampaignApprovalSettings Default { get; } = new(false, false);

    /// <summary>The stored settings, or <see cref="Default"/> before an admin saved any.</summary>
    public static async Task<CampaignApprovalSettings> ReadAsync(AppDbContext db, CancellationToken cancellationToken)
    {
        var json = await db.SystemSettings.AsNoTracking().Where(s => s.Key == Key).Select(s => s.Value).FirstOrDefaultAsync(cancellationToken);
        return json is null ? Default : JsonSerializer.Deserialize<CampaignApprovalSettings>(json, CampaignJson.Options) ?? Default;
    }

    public string ToJson() => JsonSerializer.Serialize(this, CampaignJson.Options);
}
