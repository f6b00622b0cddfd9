using System.Buffers.Text;
using System.Security.Cryptography;

namespace CampaignStudio.Features.Tracking;

/// <summary>
/// The codes of short links (<c>/s/{code}</c>) in SMS and WhatsApp texts, where every character costs: delivery id and
/// link index as variable-length integers (7 bits a byte) followed by a truncated HMAC-SHA256 (8 bytes, so a forgery
/// takes about 2^63 guesses) over them and the purpose, base64url without padding — 18 characters up to 268 million
/// messages in the ledger, 19 up to 34 billion, against 36 for a full token. The campaign and channel are the
/// message's, read with it when the link is used. Nothing is stored per message for a link as written: the code
/// verifies by itself, and a code that was not signed here (tampered, truncated, invented) names nothing.
/// </summary>
public static class ShortLinkCodes
{
    public const int MacLength = 8;

    /// <summary>The shortest code: two one-byte numbers and the MAC.</summary>
    public const int MinLength = ((2 + MacLength) * 4 + 2) / 3;

    /// <summary>The longest code: two numbers of their longest encoding and the MAC.</summary>
    public const int MaxLength = ((MaxPayload + MacLength) * 4 + 2) / 3;

    private const int MaxPayload = 10 + 3;

    internal static string Sign(byte[] key, long deliveryId, int linkIndex)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(deliveryId);
        ArgumentOutOfRangeException.ThrowIfNegative(linkIndex);
        Span<byte> bytes = stackalloc byte[MaxPayload + MacLength];
        var length = Write(bytes, (ulong)deliveryId);
        length += Write(bytes[length..], (ulong)linkIndex);
        Span<byte> mac = stackalloc byte[32];
        Mac(key, bytes[..length], mac);
        mac[..MacLength].CopyTo(bytes[length..]);
        return Base64Url.EncodeToString(bytes[..(length + MacLength)]);
    }

    internal static ShortLinkTarget? Verify(byte[] key, string code)
    {
        Span<byte> bytes = stackalloc byte[MaxPayload + MacLength + 3];
        if (!Base64Url.IsValid(code) || !Base64Url.TryDecodeFromChars(code, bytes, out var written) || written <= MacLength)
        {
            return null;
        }

        var payload = bytes[..(written - MacLength)];
        Span<byte> expected = stackalloc byte[32];
        Mac(key, payload, expected);
        if (!CryptographicOperations.FixedTimeEquals(expected[..MacLength], bytes.Slice(written - MacLength, MacLength)))
        {
            return null;
        }

        var at = 0;
        if (!TryRead(payload, ref at, out var deliveryId) || !TryRead(payload, ref at, out var linkIndex)
            || at != payload.Length || deliveryId > long.MaxValue || linkIndex > ushort.MaxValue)
        {
            return null;
        }

        return new ShortLinkTarget((long)deliveryId, (int)linkIndex);
    }

    private static void Mac(byte[] key, ReadOnlySpan<byte> payload, Span<byte> destination)
    {
        Span<byte> message = stackalloc byte[payload.Length + 1];
        payload.CopyTo(message);
        message[payload.Length] = (byte)TrackingPurpose.ShortClick;
        HMACSHA256.HashData(key, message, destination);
    }

    private static int Write(Span<byte> destination, ulong value)
    {
        var i = 0;
        while (value >= 0x80)
        {
            destination[i++] = (byte)(value | 0x80);
            value >>= 7;
        }

        destination[i++] = (byte)value;
        return i;
    }

    private static bool TryRead(ReadOnlySpan<byte> source, ref int at, out ulong value)
    {
        value = 0;
        for (var shift = 0; shift < 64 && at < source.Length; shift += 7)
        {
            var b = source[at++];
            value |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return true;
            }
        }

        return false;
    }
}
