namespace CampaignStudio.Features.Identity;

public static class AppClaimTypes
{
    public const string DisplayName = "campaignstudio:display_name";
    public const string AuthenticationKind = "campaignstudio:auth_kind";
}
