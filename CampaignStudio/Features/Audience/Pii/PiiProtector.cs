using System.Security.Cryptography;
using System.Text;
using CampaignStudio.Features.Audience.Contacts;

namespace CampaignStudio.Features.Audience.Pii;

/// <summary>
/// Authenticated encryption (AES-256-GCM) for PII at rest, and a keyed blind index (HMAC-SHA256 of the normalised
/// value) for exact lookup and de-duplication without decrypting. Layout of a sealed value:
/// version (1) · nonce (12) · tag (16) · ciphertext.
/// </summary>
public sealed class PiiProtector
{
    private const byte Version = 1;
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private readonly byte[] encryptionKey;
    private readonly byte[] blindIndexKey;

    /// <summary>An <see cref="AesGcm"/> per thread (it is not thread-safe; creating one per value costs a third of sealing).</summary>
    private readonly ThreadLocal<AesGcm> aes;

    public PiiProtector(PiiKeys keys)
    {
        encryptionKey = keys.EncryptionKey;
        blindIndexKey = keys.BlindIndexKey;
        aes = new ThreadLocal<AesGcm>(() => new AesGcm(encryptionKey, TagSize));
    }

    public byte[] Encrypt(string plaintext)
    {
        var input = Encoding.UTF8.GetBytes(plaintext);
        var output = new byte[1 + NonceSize + TagSize + input.Length];
        output[0] = Version;
        var nonce = output.AsSpan(1, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        aes.Value!.Encrypt(nonce, input, output.AsSpan(1 + NonceSize + TagSize), output.AsSpan(1 + NonceSize, TagSize));
        return output;
    }

    public string Decrypt(byte[] sealedValue)
    {
        if (sealedValue.Length < 1 + NonceSize + TagSize || sealedValue[0] != Version)
        {
            throw new CryptographicException("The value is not sealed PII of a known version.");
        }

        var cipher = sealedValue.AsSpan(1 + NonceSize + TagSize);
        var plain = cipher.Length <= 1024 ? stackalloc byte[cipher.Length] : new byte[cipher.Length];
        aes.Value!.Decrypt(sealedValue.AsSpan(1, NonceSize), cipher, sealedValue.AsSpan(1 + NonceSize, TagSize), plain);
        return Encoding.UTF8.GetString(plain);
    }

    public string? DecryptOrNull(byte[]? sealedValue) => sealedValue is null ? null : Decrypt(sealedValue);

    /// <summary>The value encrypted, with its blind index.</summary>
    public SealedValue Seal(string normalised) => new(Encrypt(normalised), BlindIndex(normalised));

    /// <summary>The blind index of an already normalised value (lower-cased email, E.164 phone, raw token).</summary>
    public byte[] BlindIndex(string normalised) => HMACSHA256.HashData(blindIndexKey, Encoding.UTF8.GetBytes(normalised));
}
