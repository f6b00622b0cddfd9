namespace CampaignStudio.Features.Delivery.Channels.Email;

/// <summary>
/// DKIM signing (<c>Channels:Smtp:Dkim</c>): every message is signed for <see cref="Domain"/> with the key published at
/// <c>{Selector}._domainkey.{Domain}</c>. Give the private key inline (<see cref="PrivateKeyPem"/>, e.g. from a secret
/// store) or as a file (<see cref="PrivateKeyPath"/>), not both.
/// </summary>
public sealed class SmtpDkimOptions
{
    /// <summary>The signing domain (<c>d=</c>), usually the From addresses' domain.</summary>
    public string? Domain { get; set; }

    /// <summary>The selector (<c>s=</c>) under which the public key is published in DNS.</summary>
    public string? Selector { get; set; }

    /// <summary>The RSA private key as PEM (<c>-----BEGIN PRIVATE KEY-----</c> or <c>-----BEGIN RSA PRIVATE KEY-----</c>).</summary>
    public string? PrivateKeyPem { get; set; }

    /// <summary>A PEM file holding the RSA private key.</summary>
    public string? PrivateKeyPath { get; set; }

    /// <summary>True when any DKIM setting is given: then all of them must be valid.</summary>
    public bool IsConfigured =>
        !string.IsNullOrWhiteSpace(Domain) || !string.IsNullOrWhiteSpace(Selector) ||
        !string.IsNullOrWhiteSpace(PrivateKeyPem) || !string.IsNullOrWhiteSpace(PrivateKeyPath);
}
