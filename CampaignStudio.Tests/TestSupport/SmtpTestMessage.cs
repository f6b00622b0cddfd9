using MimeKit;

namespace CampaignStudio.Tests.TestSupport;

/// <summary>One message a <see cref="SmtpTestServer"/> accepted: the envelope, the session, and the exact bytes received.</summary>
public sealed record SmtpTestMessage(string MailFrom, IReadOnlyList<string> Recipients, bool OverTls, string? AuthenticatedAs, byte[] Raw)
{
    /// <summary>The message as MimeKit reads it from the received bytes.</summary>
    public MimeMessage Parse()
    {
        using var stream = new MemoryStream(Raw, writable: false);
        return MimeMessage.Load(stream);
    }
}
