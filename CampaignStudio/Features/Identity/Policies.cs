using Microsoft.AspNetCore.Authorization;

namespace CampaignStudio.Features.Identity;

/// <summary>
/// Every authorization policy of CampaignStudio, in one place. Pages, endpoints and services name these;
/// nobody checks role names directly.
/// </summary>
public static class Policies
{
    /// <summary>Any signed-in user with a role: read dashboards, campaigns, reports.</summary>
    public const string Read = nameof(Read);

    /// <summary>Create, edit, schedule and run campaigns; import contacts; build segments.</summary>
    public const string ManageCampaigns = nameof(ManageCampaigns);

    /// <summary>Approve campaigns that need approval.</summary>
    public const string ApproveCampaigns = nameof(ApproveCampaigns);

    /// <summary>Compare campaigns in reports: analysts, campaign managers and admins.</summary>
    public const string ViewReports = nameof(ViewReports);

    /// <summary>Users, roles, API keys, senders and workspace settings.</summary>
    public const string Administer = nameof(Administer);

    public static void Configure(AuthorizationOptions options)
    {
        options.AddPolicy(Read, p => p.RequireAuthenticatedUser().RequireRole(Roles.Admin, Roles.CampaignManager, Roles.Approver, Roles.Analyst));
        options.AddPolicy(ManageCampaigns, p => p.RequireAuthenticatedUser().RequireRole(Roles.Admin, Roles.CampaignManager));
        options.AddPolicy(ApproveCampaigns, p => p.RequireAuthenticatedUser().RequireRole(Roles.Admin, Roles.Approver));
        options.AddPolicy(ViewReports, p => p.RequireAuthenticatedUser().RequireRole(Roles.Admin, Roles.CampaignManager, Roles.Analyst));
        options.AddPolicy(Administer, p => p.RequireAuthenticatedUser().RequireRole(Roles.Admin));
    }

    /// <summary>What a policy allows, in words, for refusals shown to people.</summary>
    public static string Describe(string policy) => policy switch
    {
        Read => "read this workspace",
        ManageCampaigns => "manage campaigns and audiences (Admin or Campaign manager)",
        ApproveCampaigns => "approve campaigns (Admin or Approver)",
        ViewReports => "see reports (Admin, Campaign manager or Analyst)",
        Administer => "administer the workspace (Admin)",
        _ => policy,
    };
}
