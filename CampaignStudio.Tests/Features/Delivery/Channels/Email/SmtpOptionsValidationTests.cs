using CampaignStudio.Features.Delivery.Channels.Email;
using Microsoft.Extensions.Options;
using static CampaignStudio.Tests.Features.Delivery.Channels.Email.EmailChannelWorld;

namespace CampaignStudio.Tests.Features.Delivery.Channels.Email;

/// <summary>Every way <c>Channels:Smtp</c> can be wrong is refused at start-up with a message that says what to change.</summary>
public sealed class SmtpOptionsValidationTests
{
    [Fact]
    public void Defaults_RequireStartTlsOnPort587WithFourConnections()
    {
        var options = new SmtpOptions { Host = "smtp.acme.example" };

        Assert.Equal((SmtpSecurity.StartTls, 587, 4, 1000), (options.Security, options.Port, options.PoolSize, options.MaxMessagesPerConnection));
        Assert.True(Validate(options).Succeeded);
    }

    [Theory]
    [InlineData("", "Channels:Smtp:Host is required to send email through SMTP.")]
    [InlineData("smtp://smtp.acme.example", "Channels:Smtp:Host must be a host name or IP address without scheme or port (got 'smtp://smtp.acme.example'); put the port in Channels:Smtp:Port.")]
    [InlineData("smtp.acme.example:587", "Channels:Smtp:Host must be a host name or IP address without scheme or port (got 'smtp.acme.example:587'); put the port in Channels:Smtp:Port.")]
    public void Validate_BadHost_SaysSo(string host, string message) =>
        Assert.Equal([message], Validate(new SmtpOptions { Host = host }).Failures);

    [Fact]
    public void Validate_IPv6Host_IsAccepted() => Assert.True(Validate(new SmtpOptions { Host = "::1", Security = SmtpSecurity.None }).Succeeded);

    [Theory]
    [InlineData(465, SmtpSecurity.StartTls, "Channels:Smtp:Port 465 is SMTPS (TLS from the first byte): set Channels:Smtp:Security to SslOnConnect.")]
    [InlineData(465, SmtpSecurity.None, "Channels:Smtp:Port 465 is SMTPS (TLS from the first byte): set Channels:Smtp:Security to SslOnConnect.")]
    [InlineData(587, SmtpSecurity.SslOnConnect, "Channels:Smtp:Security is SslOnConnect but port 587 speaks plain SMTP and upgrades with STARTTLS: use port 465, or Security StartTls.")]
    [InlineData(587, (SmtpSecurity)9, "Channels:Smtp:Security must be one of StartTls, SslOnConnect, StartTlsWhenAvailable, None (got 9).")]
    public void Validate_PortAndSecurityThatDoNotMatch_SaysWhichToChange(int port, SmtpSecurity security, string message) =>
        Assert.Equal([message], Validate(new SmtpOptions { Host = "smtp.acme.example", Port = port, Security = security }).Failures);

    [Theory]
    [InlineData("campaigns", null, SmtpSecurity.StartTls, "Channels:Smtp:Password is required when Channels:Smtp:UserName is set.")]
    [InlineData(null, "secret", SmtpSecurity.StartTls, "Channels:Smtp:Password is set but Channels:Smtp:UserName is empty: set both to authenticate, or neither.")]
    [InlineData("campaigns", "secret", SmtpSecurity.None, "Channels:Smtp:UserName is set but Security is None: the password could cross the network in clear. Use StartTls (the default) or SslOnConnect.")]
    [InlineData("campaigns", "secret", SmtpSecurity.StartTlsWhenAvailable, "Channels:Smtp:UserName is set but Security is StartTlsWhenAvailable: the password could cross the network in clear. Use StartTls (the default) or SslOnConnect.")]
    public void Validate_CredentialsThatDoNotFit_SaysWhy(string? user, string? password, SmtpSecurity security, string message) =>
        Assert.Equal([message], Validate(new SmtpOptions { Host = "smtp.acme.example", UserName = user, Password = password, Security = security }).Failures);

    [Fact]
    public void Validate_Thumbprints_AcceptsSha1AndSha256WithSeparatorsAndNamesABadOne()
    {
        var options = new SmtpOptions
        {
            Host = "relay.internal",
            TrustedCertificateThumbprints =
            [
                "a9:4a:8f:e5:cc:b1:9b:a6:1c:4c:08:73:d3:91:e9:87:98:2f:bb:d3",
                "3F A8 5C 4E 0D 4B 3B 0F 2C 8E 5D 1A 7B 9C 6E 4F 3A 2B 1C 0D 9E 8F 7A 6B 5C 4D 3E 2F 1A 0B 9C 8D",
                "not-a-thumbprint",
            ],
        };

        Assert.Equal(
            ["Channels:Smtp:TrustedCertificateThumbprints:2 ('not-a-thumbprint') is not a SHA-1 (40 hex digits) or SHA-256 (64 hex digits) certificate thumbprint."],
            Validate(options).Failures);
    }

    [Fact]
    public void Validate_DkimWithAGoodKey_Succeeds()
    {
        var options = new SmtpOptions { Host = "smtp.acme.example", Dkim = new() { Domain = "acme.example", Selector = "cs", PrivateKeyPem = DkimKey().PrivateKeyPem } };

        Assert.True(Validate(options).Succeeded);
    }

    [Fact]
    public void Validate_DkimKeyFromAFile_LoadsIt()
    {
        var path = Path.Combine(Path.GetTempPath(), $"dkim-{Guid.NewGuid():N}.pem");
        File.WriteAllText(path, DkimKey().PrivateKeyPem);
        try
        {
            Assert.True(Validate(new SmtpOptions { Host = "smtp.acme.example", Dkim = new() { Domain = "acme.example", Selector = "cs", PrivateKeyPath = path } }).Succeeded);
        }
        finally
        {
            File.Delete(path);
        }
    }

    public static TheoryData<SmtpDkimOptions, string> BadDkim()
    {
        var good = DkimKey().PrivateKeyPem;
        using var rsa = System.Security.Cryptography.RSA.Create(2048);
        using var small = System.Security.Cryptography.RSA.Create(512);
        return new()
        {
            { new() { Selector = "cs", PrivateKeyPem = good }, "Channels:Smtp:Dkim:Domain is required to sign with DKIM (the domain of the From addresses)." },
            { new() { Domain = "acme.example", PrivateKeyPem = good }, "Channels:Smtp:Dkim:Selector is required to sign with DKIM (the public key is published at <selector>._domainkey.<domain>)." },
            { new() { Domain = "acme.example", Selector = "cs" }, "Channels:Smtp:Dkim needs the private key: set PrivateKeyPem or PrivateKeyPath." },
            { new() { Domain = "acme.example", Selector = "cs", PrivateKeyPem = good, PrivateKeyPath = "/etc/dkim.pem" }, "Channels:Smtp:Dkim has both PrivateKeyPem and PrivateKeyPath: give one of them." },
            { new() { Domain = "acme.example", Selector = "cs", PrivateKeyPath = "/nonexistent/dkim.pem" }, "Channels:Smtp:Dkim:PrivateKeyPath '/nonexistent/dkim.pem' does not exist." },
            { new() { Domain = "acme.example", Selector = "cs", PrivateKeyPem = "not a key" }, "Channels:Smtp:Dkim:PrivateKeyPem does not hold an RSA private key in PEM form: " },
            { new() { Domain = "acme.example", Selector = "cs", PrivateKeyPem = rsa.ExportSubjectPublicKeyInfoPem() }, "Channels:Smtp:Dkim:PrivateKeyPem holds a public key only; DKIM signing needs the private key." },
            { new() { Domain = "acme.example", Selector = "cs", PrivateKeyPem = small.ExportPkcs8PrivateKeyPem() }, "Channels:Smtp:Dkim:PrivateKeyPem is a 512-bit RSA key; DKIM needs at least 1024 bits (2048 recommended)." },
        };
    }

    [Theory]
    [MemberData(nameof(BadDkim))]
    public void Validate_BadDkim_SaysWhatIsMissingOrWrong(SmtpDkimOptions dkim, string message) =>
        Assert.StartsWith(message, Assert.Single(Validate(new SmtpOptions { Host = "smtp.acme.example", Dkim = dkim }).Failures!));

    private static ValidateOptionsResult Validate(SmtpOptions options) => new SmtpOptionsValidator().Validate(null, options);
}
