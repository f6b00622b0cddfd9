using System.Text.Json.Nodes;

namespace CampaignStudio.Tests.TestSupport;

/// <summary>One request <see cref="FcmStandIn"/>'s OAuth token endpoint received: the JWT's claims, and the access token issued (null when refused).</summary>
public sealed record FcmTokenRequest(DateTimeOffset ArrivedAt, string? GrantType, JsonObject? Claims, string? IssuedToken, string? Refusal)
{
    public string? Scope => (string?)Claims?["scope"];

    public string? Issuer => (string?)Claims?["iss"];
}
