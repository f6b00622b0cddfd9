using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Primitives;

namespace CampaignStudio.Features.Delivery.Channels.Twilio;

/// <summary>
/// Twilio's request signature (<c>X-Twilio-Signature</c>): base64 of HMAC-SHA1, keyed with the Auth Token, over the full
/// URL Twilio called followed by every POST parameter, sorted by name, as name and value run together.
/// </summary>
public static class TwilioSignature
{
    public const string HeaderName = "X-Twilio-Signature";

    public static byte[] Compute(string authToken, string url, IEnumerable<KeyValuePair<string, StringValues>> parameters)
    {
        var data = new StringBuilder(url);
        foreach (var (name, values) in parameters.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            foreach (var value in values.Order(StringComparer.Ordinal))
            {
                data.Append(name).Append(value);
            }
        }

        return HMACSHA1.HashData(Encoding.UTF8.GetBytes(authToken), Encoding.UTF8.GetBytes(data.ToString()));
    }

    /// <summary>True when <paramref name="signature"/> is the signature of the request; compared in constant time.</summary>
    public static bool IsValid(string authToken, string url, IEnumerable<KeyValuePair<string, StringValues>> parameters, string? signature)
    {
        if (string.IsNullOrWhiteSpace(signature))
        {
            return false;
        }

        Span<byte> given = stackalloc byte[64];
        if (!Convert.TryFromBase64String(signature.Trim(), given, out var length))
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(given[..length], Compute(authToken, url, parameters));
    }
}
