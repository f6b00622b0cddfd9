namespace CampaignStudio.Tests.TestSupport;

/// <summary>One request <see cref="TwilioStandIn"/> received on the Messages API, and how it answered.</summary>
public sealed record TwilioRequest(
    DateTimeOffset ArrivedAt,
    string Path,
    string? Authorization,
    IReadOnlyDictionary<string, string> Form,
    StandInReply Reply,
    string? Sid)
{
    public string? To => Value("To");

    public string? From => Value("From");

    public string? MessagingServiceSid => Value("MessagingServiceSid");

    public string? Body => Value("Body");

    public string? ContentSid => Value("ContentSid");

    public string? ContentVariables => Value("ContentVariables");

    public string? StatusCallback => Value("StatusCallback");

    /// <summary>True when the stand-in answered 201 with <see cref="Sid"/>.</summary>
    public bool Accepted => Reply.Accepts;

    private string? Value(string name) => Form.TryGetValue(name, out var value) ? value : null;
}
