using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using CampaignStudio.Features.Delivery.Links;
using CampaignStudio.Features.Shared;

namespace CampaignStudio.Features.Tracking;

/// <summary>
/// Signed tokens of the tracking links: delivery id, campaign id, channel and link index (15 bytes) and a truncated
/// HMAC-SHA256 (12 bytes) over them, the purpose and — for a personalised link — the target URL, base64url
/// (36 characters). The campaign and channel ride in the token so that answering a hit needs no database read; the
/// MAC makes them trustworthy. The key is derived from the link key kept in the database, so every instance agrees.
/// </summary>
public sealed class TrackingTokens(DeliveryLinkSigner links)
{
    public const int Length = 36;
    private const int PayloadLength = 15;
    private const int MacLength = 12;
    [ThreadStatic]
    private static IncrementalHash? hmac;

    [ThreadStatic]
    private static byte[]? hmacKey;

    private byte[]? key;

    /// <summary>A signer for the hot path of rendering messages: the key loaded once, signing synchronous.</summary>
    public async Task<TrackingSigner> SignerAsync(CancellationToken cancellationToken = default) => new(await KeyAsync(cancellationToken));

    /// <summary>What the token names, or null when it was not signed here for <paramref name="purpose"/> (and <paramref name="signedUrl"/>).</summary>
    public async ValueTask<TrackedDelivery?> VerifyAsync(string? token, TrackingPurpose purpose, string? signedUrl = null, CancellationToken cancellationToken = default)
    {
        if (token is null || token.Length != Length)
        {
            return null;
        }

        var k = Volatile.Read(ref key) ?? await KeyAsync(cancellationToken);
        return Verify(k, token, purpose, signedUrl);
    }

    /// <summary>What a short link's code names, or null when it was not signed here.</summary>
    public async ValueTask<ShortLinkTarget?> VerifyShortAsync(string? code, CancellationToken cancellationToken = default)
    {
        if (code is null || code.Length is < ShortLinkCodes.MinLength or > ShortLinkCodes.MaxLength)
        {
            return null;
        }

        var k = Volatile.Read(ref key) ?? await KeyAsync(cancellationToken);
        return ShortLinkCodes.Verify(k, code);
    }

    private static TrackedDelivery? Verify(byte[] key, string token, TrackingPurpose purpose, string? signedUrl)
    {
        Span<byte> bytes = stackalloc byte[PayloadLength + MacLength];
        if (!TryDecode(token, bytes))
        {
            return null;
        }

        Span<byte> expected = stackalloc byte[32];
        Mac(key, bytes[..PayloadLength], purpose, signedUrl, expected);
        if (!CryptographicOperations.FixedTimeEquals(expected[..MacLength], bytes[PayloadLength..]))
        {
            return null;
        }

        var channel = (Channel)bytes[12];
        return Enum.IsDefined(channel)
            ? new TrackedDelivery(BinaryPrimitives.ReadInt64BigEndian(bytes), BinaryPrimitives.ReadInt32BigEndian(bytes[8..]), channel, BinaryPrimitives.ReadUInt16BigEndian(bytes[13..]))
            : null;
    }

    private async Task<byte[]> KeyAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref key) is { } known)
        {
            return known;
        }

        var derived = await links.DeriveKeyAsync("tracking", cancellationToken);
        Volatile.Write(ref key, derived);
        return derived;
    }

    internal static string Sign(byte[] key, TrackedDelivery target, TrackingPurpose purpose, string? signedUrl)
    {
        Span<byte> bytes = stackalloc byte[PayloadLength + MacLength];
        BinaryPrimitives.WriteInt64BigEndian(bytes, target.DeliveryId);
        BinaryPrimitives.WriteInt32BigEndian(bytes[8..], target.CampaignId);
        bytes[12] = (byte)target.Channel;
        BinaryPrimitives.WriteUInt16BigEndian(bytes[13..], checked((ushort)target.LinkIndex));
        Span<byte> mac = stackalloc byte[32];
        Mac(key, bytes[..PayloadLength], purpose, signedUrl, mac);
        mac[..MacLength].CopyTo(bytes[PayloadLength..]);
        return Base64Url.EncodeToString(bytes);
    }

    private static void Mac(byte[] key, ReadOnlySpan<byte> payload, TrackingPurpose purpose, string? signedUrl, Span<byte> destination)
    {
        var urlLength = signedUrl is null ? 0 : Encoding.UTF8.GetByteCount(signedUrl);
        var length = payload.Length + 1 + urlLength;
        var message = length <= 512 ? stackalloc byte[length] : new byte[length];
        payload.CopyTo(message);
        message[payload.Length] = (byte)purpose;
        if (signedUrl is not null)
        {
            Encoding.UTF8.GetBytes(signedUrl, message[(payload.Length + 1)..]);
        }

        // One keyed HMAC per thread, reset after each use: rendering a message signs a token per link, and re-keying
        // for each of them cost more than the hashing.
        if (!ReferenceEquals(hmacKey, key) || hmac is null)
        {
            hmac?.Dispose();
            hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, key);
            hmacKey = key;
        }

        hmac.AppendData(message);
        hmac.GetHashAndReset(destination);
    }

    private static bool TryDecode(string token, Span<byte> bytes)
    {
        Span<char> base64 = stackalloc char[Length];
        for (var i = 0; i < token.Length; i++)
        {
            var c = token[i];
            base64[i] = c switch
            {
                '-' => '+',
                '_' => '/',
                '+' or '/' or '=' => '!',
                _ => c,
            };
        }

        return Convert.TryFromBase64Chars(base64, bytes, out var written) && written == bytes.Length;
    }
}
