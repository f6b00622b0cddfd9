using System.Text.Json.Nodes;

namespace CampaignStudio.Tests.TestSupport;

/// <summary>One <c>messages:send</c> request <see cref="FcmStandIn"/> received, and how it answered.</summary>
public sealed record FcmRequest(
    DateTimeOffset ArrivedAt,
    string Path,
    string? Authorization,
    JsonObject? Body,
    StandInReply Reply,
    string? Name)
{
    /// <summary>The request's <c>message</c> object.</summary>
    public JsonObject? Message => Body?["message"] as JsonObject;

    public string? Token => (string?)Message?["token"];

    public string? Title => (string?)Message?["notification"]?["title"];

    public string? Text => (string?)Message?["notification"]?["body"];

    public string? Image => (string?)Message?["notification"]?["image"];

    /// <summary>The <c>data</c> map (string values), empty when none.</summary>
    public IReadOnlyDictionary<string, string?> Data =>
        (Message?["data"] as JsonObject)?.ToDictionary(p => p.Key, p => (string?)p.Value) ?? [];

    /// <summary>True when the stand-in answered 200 with <see cref="Name"/>.</summary>
    public bool Accepted => Reply.Accepts;
}
