using System.Collections.Concurrent;
using System.Security.Cryptography;
using MimeKit.Cryptography;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Security;

namespace CampaignStudio.Features.Delivery.Channels.Email;

/// <summary>
/// MimeKit's DKIM signer (canonicalisation, header list, body hash) with the RSA-SHA256 signature made by .NET's own
/// RSA (OpenSSL) instead of BouncyCastle's managed RSA: about 0.3–0.8 ms a message instead of 5–15 ms on the reference
/// machine, which made DKIM the bottleneck of a send. Safe for concurrent callers: each signature borrows an
/// <see cref="RSA"/> instance of its own.
/// </summary>
internal sealed class NativeRsaDkimSigner : DkimSigner
{
    private readonly byte[] pkcs8PrivateKey;
    private readonly ConcurrentBag<RSA> idle = [];

    public NativeRsaDkimSigner(RSA key, string domain, string selector)
        : base(DotNetUtilities.GetRsaKeyPair(key.ExportParameters(includePrivateParameters: true)).Private, domain, selector, DkimSignatureAlgorithm.RsaSha256)
    {
        pkcs8PrivateKey = key.ExportPkcs8PrivateKey();
    }

    protected override ISigner CreateSigningContext() => new Signature(this);

    private RSA Rent()
    {
        if (idle.TryTake(out var rsa))
        {
            return rsa;
        }

        rsa = RSA.Create();
        rsa.ImportPkcs8PrivateKey(pkcs8PrivateKey, out _);
        return rsa;
    }

    /// <summary>Hashes what MimeKit feeds it, then signs the hash (PKCS#1 v1.5, as DKIM's rsa-sha256 requires).</summary>
    private sealed class Signature(NativeRsaDkimSigner owner) : ISigner
    {
        private readonly IncrementalHash hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

        public string AlgorithmName => "SHA-256withRSA";

        public void Init(bool forSigning, ICipherParameters parameters)
        {
            if (!forSigning)
            {
                throw new NotSupportedException("This signer only signs.");
            }

            Reset();
        }

        public void Update(byte input) => hash.AppendData([input]);

        public void BlockUpdate(byte[] input, int inOff, int inLen) => hash.AppendData(input, inOff, inLen);

        public void BlockUpdate(ReadOnlySpan<byte> input) => hash.AppendData(input);

        public int GetMaxSignatureSize() => owner.pkcs8PrivateKey.Length;

        public byte[] GenerateSignature()
        {
            var digest = hash.GetHashAndReset();
            var rsa = owner.Rent();
            try
            {
                return rsa.SignHash(digest, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            }
            finally
            {
                owner.idle.Add(rsa);
            }
        }

        public bool VerifySignature(byte[] signature) => throw new NotSupportedException("This signer only signs.");

        public void Reset() => hash.GetHashAndReset();
    }
}
