using System.Security.Cryptography;
using MimeKit.Cryptography;

namespace CampaignStudio.Features.Delivery.Channels.Email;

/// <summary>Builds the DKIM signer from <see cref="SmtpDkimOptions"/>: RSA-SHA256 (signed natively), relaxed/relaxed.</summary>
public static class DkimSignerFactory
{
    /// <summary>DKIM verifiers refuse shorter keys (RFC 8301); 2048 bits is the usual size.</summary>
    public const int MinimumKeyBits = 1024;

    /// <summary>The signer for <paramref name="options"/>; throws <see cref="InvalidOperationException"/> saying what is wrong with the key.</summary>
    public static DkimSigner Create(SmtpDkimOptions options)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(options.Domain);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.Selector);
        using var rsa = RSA.Create();
        try
        {
            rsa.ImportFromPem(ReadPem(options));
        }
        catch (Exception ex) when (ex is ArgumentException or CryptographicException)
        {
            throw new InvalidOperationException($"{Source(options)} does not hold an RSA private key in PEM form: {ex.Message}", ex);
        }

        if (rsa.KeySize < MinimumKeyBits)
        {
            throw new InvalidOperationException($"{Source(options)} is a {rsa.KeySize}-bit RSA key; DKIM needs at least {MinimumKeyBits} bits (2048 recommended).");
        }

        EnsurePrivateKey(rsa, options);
        return new NativeRsaDkimSigner(rsa, options.Domain.Trim(), options.Selector.Trim())
        {
            HeaderCanonicalizationAlgorithm = DkimCanonicalizationAlgorithm.Relaxed,
            BodyCanonicalizationAlgorithm = DkimCanonicalizationAlgorithm.Relaxed,
        };
    }

    private static string ReadPem(SmtpDkimOptions options)
    {
        if (!string.IsNullOrWhiteSpace(options.PrivateKeyPem))
        {
            return options.PrivateKeyPem;
        }

        var path = options.PrivateKeyPath ?? throw new InvalidOperationException($"{SmtpOptions.SectionName}:Dkim needs PrivateKeyPem or PrivateKeyPath.");
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new InvalidOperationException($"{SmtpOptions.SectionName}:Dkim:PrivateKeyPath '{path}' cannot be read: {ex.Message}", ex);
        }
    }

    /// <summary>A public-only PEM imports without error but cannot sign.</summary>
    private static void EnsurePrivateKey(RSA rsa, SmtpDkimOptions options)
    {
        try
        {
            _ = rsa.ExportParameters(includePrivateParameters: true);
        }
        catch (CryptographicException ex)
        {
            throw new InvalidOperationException($"{Source(options)} holds a public key only; DKIM signing needs the private key.", ex);
        }
    }

    private static string Source(SmtpDkimOptions options) =>
        string.IsNullOrWhiteSpace(options.PrivateKeyPem)
            ? $"{SmtpOptions.SectionName}:Dkim:PrivateKeyPath '{options.PrivateKeyPath}'"
            : $"{SmtpOptions.SectionName}:Dkim:PrivateKeyPem";
}
