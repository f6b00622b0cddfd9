using MimeKit.Cryptography;
using Org.BouncyCastle.Crypto;

namespace CampaignStudio.Tests.Features.Delivery.Channels.Email;

/// <summary>Answers a DKIM verifier's DNS lookup for one selector and domain with a known TXT record.</summary>
public sealed class StaticDkimKeyLocator(string domain, string selector, string dnsRecord) : DkimPublicKeyLocatorBase
{
    public List<string> Lookups { get; } = [];

    public override AsymmetricKeyParameter LocatePublicKey(string methods, string domain1, string selector1, CancellationToken cancellationToken = default)
    {
        Lookups.Add($"{selector1}._domainkey.{domain1}");
        return domain1 == domain && selector1 == selector
            ? GetPublicKey(dnsRecord)
            : throw new InvalidOperationException($"No DKIM key at {selector1}._domainkey.{domain1}.");
    }

    public override Task<AsymmetricKeyParameter> LocatePublicKeyAsync(string methods, string domain1, string selector1, CancellationToken cancellationToken = default) =>
        Task.FromResult(LocatePublicKey(methods, domain1, selector1, cancellationToken));
}
