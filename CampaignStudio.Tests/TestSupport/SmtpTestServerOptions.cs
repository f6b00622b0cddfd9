namespace CampaignStudio.Tests.TestSupport;

/// <summary>How a <see cref="SmtpTestServer"/> behaves from the start. Refusals and delays can also change while it runs.</summary>
public sealed record SmtpTestServerOptions
{
    /// <summary>Offer STARTTLS with a self-signed certificate made for the run (<see cref="SmtpTestServer.Certificate"/>).</summary>
    public bool OfferStartTls { get; init; }

    /// <summary>Refuse MAIL, RCPT and DATA until the client has said STARTTLS (needs <see cref="OfferStartTls"/>).</summary>
    public bool RequireStartTls { get; init; }

    /// <summary>When set, AUTH PLAIN and LOGIN are offered (after STARTTLS when <see cref="OfferStartTls"/>) and required before MAIL.</summary>
    public string? UserName { get; init; }

    public string? Password { get; init; }
}
