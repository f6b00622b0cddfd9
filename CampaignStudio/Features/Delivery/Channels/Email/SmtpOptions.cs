using System.ComponentModel.DataAnnotations;

namespace CampaignStudio.Features.Delivery.Channels.Email;

/// <summary>
/// The SMTP server campaign email goes through (<c>Channels:Smtp</c>). Without <see cref="Host"/> no SMTP channel is
/// registered and email goes to the Outbox. Validated at start-up (data annotations and <see cref="SmtpOptionsValidator"/>).
/// </summary>
public sealed class SmtpOptions
{
    public const string SectionName = "Channels:Smtp";

    /// <summary>The server's host name or IP address, without scheme or port.</summary>
    public string? Host { get; set; }

    [Range(1, 65535)]
    public int Port { get; set; } = 587;

    /// <summary>STARTTLS required unless chosen otherwise; see <see cref="SmtpSecurity"/>.</summary>
    public SmtpSecurity Security { get; set; } = SmtpSecurity.StartTls;

    /// <summary>When set, every connection authenticates (SMTP AUTH) with this user name and <see cref="Password"/>.</summary>
    public string? UserName { get; set; }

    public string? Password { get; set; }

    /// <summary>How many persistent connections this instance keeps open at most, and so how many messages are in flight at once.</summary>
    [Range(1, 100)]
    public int PoolSize { get; set; } = 4;

    /// <summary>How long one connect, command or message transfer may take before the attempt fails (as a transient error).</summary>
    [Range(1, 600)]
    public int TimeoutSeconds { get; set; } = 30;

    /// <summary>A connection is closed and opened anew after this many messages (servers limit messages per session).</summary>
    [Range(1, 1_000_000)]
    public int MaxMessagesPerConnection { get; set; } = 1000;

    /// <summary>
    /// SHA-1 or SHA-256 thumbprints (hex, colons and spaces allowed) of server certificates to trust even when normal
    /// validation fails, e.g. a private relay's self-signed certificate. Other certificates are validated as usual.
    /// </summary>
    public List<string> TrustedCertificateThumbprints { get; set; } = [];

    /// <summary>The name this client gives in EHLO; the machine's name when empty.</summary>
    [MaxLength(253)]
    public string? LocalDomain { get; set; }

    /// <summary>Optional DKIM signing.</summary>
    public SmtpDkimOptions Dkim { get; set; } = new();

    public TimeSpan Timeout => TimeSpan.FromSeconds(TimeoutSeconds);

    /// <summary>"host:port", as error messages name the server.</summary>
    public string Endpoint => $"{Host}:{Port}";
}
