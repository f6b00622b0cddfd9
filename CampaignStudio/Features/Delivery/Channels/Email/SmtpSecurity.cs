namespace CampaignStudio.Features.Delivery.Channels.Email;

/// <summary>How the SMTP connection is protected (<c>Channels:Smtp:Security</c>).</summary>
public enum SmtpSecurity
{
    /// <summary>STARTTLS is required: a server that does not offer it is an error, and nothing is sent in clear. The default.</summary>
    StartTls = 0,

    /// <summary>TLS from the first byte (SMTPS, usually port 465).</summary>
    SslOnConnect = 1,

    /// <summary>STARTTLS when the server offers it, plain text otherwise. Only for relays on a trusted network.</summary>
    StartTlsWhenAvailable = 2,

    /// <summary>No encryption at all. Only for a relay on the same machine or a test server; never chosen by default.</summary>
    None = 3,
}
