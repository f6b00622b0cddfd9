using System.Globalization;
using System.Net;
using Microsoft.Extensions.Options;

namespace CampaignStudio.Features.Delivery.Channels.Email;

/// <summary>The rules of <see cref="SmtpOptions"/> that span several settings, each failure saying what to change.</summary>
public sealed class SmtpOptionsValidator : IValidateOptions<SmtpOptions>
{
    private const string Section = SmtpOptions.SectionName;
    private const int SmtpsPort = 465;

    public ValidateOptionsResult Validate(string? name, SmtpOptions options)
    {
        var failures = Failures(options).ToList();
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>Normalises a thumbprint as given in configuration: hex digits only, upper case.</summary>
    public static string NormalizeThumbprint(string thumbprint) =>
        string.Concat(thumbprint.Where(c => c is not (':' or ' ' or '-'))).ToUpperInvariant();

    private static IEnumerable<string> Failures(SmtpOptions options)
    {
        var host = options.Host?.Trim();
        if (string.IsNullOrEmpty(host))
        {
            yield return $"{Section}:Host is required to send email through SMTP.";
        }
        else if (host.Contains("://", StringComparison.Ordinal) || host.Any(char.IsWhiteSpace) || (host.Contains(':', StringComparison.Ordinal) && !IPAddress.TryParse(host, out _)))
        {
            yield return $"{Section}:Host must be a host name or IP address without scheme or port (got '{host}'); put the port in {Section}:Port.";
        }

        if (!Enum.IsDefined(options.Security))
        {
            yield return $"{Section}:Security must be one of {string.Join(", ", Enum.GetNames<SmtpSecurity>())} (got {options.Security}).";
        }
        else if (options.Port == SmtpsPort && options.Security != SmtpSecurity.SslOnConnect)
        {
            yield return $"{Section}:Port 465 is SMTPS (TLS from the first byte): set {Section}:Security to SslOnConnect.";
        }
        else if (options.Security == SmtpSecurity.SslOnConnect && options.Port is 25 or 587)
        {
            yield return $"{Section}:Security is SslOnConnect but port {options.Port.ToString(CultureInfo.InvariantCulture)} speaks plain SMTP and upgrades with STARTTLS: use port 465, or Security StartTls.";
        }

        var hasUser = !string.IsNullOrWhiteSpace(options.UserName);
        var hasPassword = !string.IsNullOrEmpty(options.Password);
        if (hasUser && !hasPassword)
        {
            yield return $"{Section}:Password is required when {Section}:UserName is set.";
        }
        else if (!hasUser && hasPassword)
        {
            yield return $"{Section}:Password is set but {Section}:UserName is empty: set both to authenticate, or neither.";
        }

        if (hasUser && options.Security is SmtpSecurity.None or SmtpSecurity.StartTlsWhenAvailable)
        {
            yield return $"{Section}:UserName is set but Security is {options.Security}: the password could cross the network in clear. Use StartTls (the default) or SslOnConnect.";
        }

        for (var i = 0; i < options.TrustedCertificateThumbprints.Count; i++)
        {
            var thumbprint = NormalizeThumbprint(options.TrustedCertificateThumbprints[i] ?? "");
            if (thumbprint.Length is not (40 or 64) || !thumbprint.All(char.IsAsciiHexDigit))
            {
                yield return $"{Section}:TrustedCertificateThumbprints:{i.ToString(CultureInfo.InvariantCulture)} ('{options.TrustedCertificateThumbprints[i]}') is not a SHA-1 (40 hex digits) or SHA-256 (64 hex digits) certificate thumbprint.";
            }
        }

        foreach (var failure in DkimFailures(options.Dkim))
        {
            yield return failure;
        }
    }

    private static IEnumerable<string> DkimFailures(SmtpDkimOptions dkim)
    {
        if (!dkim.IsConfigured)
        {
            yield break;
        }

        var complete = true;
        if (string.IsNullOrWhiteSpace(dkim.Domain))
        {
            complete = false;
            yield return $"{Section}:Dkim:Domain is required to sign with DKIM (the domain of the From addresses).";
        }

        if (string.IsNullOrWhiteSpace(dkim.Selector))
        {
            complete = false;
            yield return $"{Section}:Dkim:Selector is required to sign with DKIM (the public key is published at <selector>._domainkey.<domain>).";
        }

        var hasPem = !string.IsNullOrWhiteSpace(dkim.PrivateKeyPem);
        var hasPath = !string.IsNullOrWhiteSpace(dkim.PrivateKeyPath);
        if (hasPem == hasPath)
        {
            complete = false;
            yield return hasPem
                ? $"{Section}:Dkim has both PrivateKeyPem and PrivateKeyPath: give one of them."
                : $"{Section}:Dkim needs the private key: set PrivateKeyPem or PrivateKeyPath.";
        }
        else if (hasPath && !File.Exists(dkim.PrivateKeyPath))
        {
            complete = false;
            yield return $"{Section}:Dkim:PrivateKeyPath '{dkim.PrivateKeyPath}' does not exist.";
        }

        if (complete)
        {
            string? failure = null;
            try
            {
                DkimSignerFactory.Create(dkim);
            }
            catch (InvalidOperationException ex)
            {
                failure = ex.Message;
            }

            if (failure is not null)
            {
                yield return failure;
            }
        }
    }
}
