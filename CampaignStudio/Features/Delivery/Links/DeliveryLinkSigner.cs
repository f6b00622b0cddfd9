using System.Buffers.Binary;
using System.Security.Cryptography;
using CampaignStudio.Data;
using Microsoft.EntityFrameworkCore;

namespace CampaignStudio.Features.Delivery.Links;

/// <summary>
/// Compact signed tokens that name one ledger row in links (unsubscribe now; opens and clicks with tracking): the
/// delivery id and a truncated HMAC-SHA256 of it, base64url (27 characters). The key is random, made once and kept
/// in the database, so every instance signs and checks alike. A token that does not verify names nothing.
/// </summary>
public sealed class DeliveryLinkSigner(IDbContextFactory<AppDbContext> contexts, TimeProvider clock)
{
    public const string KeySetting = "delivery-link-key";
    private const int MacLength = 12;
    private readonly SemaphoreSlim loading = new(1, 1);
    private byte[]? key;

    public async Task<string> SignAsync(long deliveryId, string purpose, CancellationToken cancellationToken = default)
    {
        var k = await KeyAsync(cancellationToken);
        var buffer = new byte[8 + MacLength];
        BinaryPrimitives.WriteInt64BigEndian(buffer, deliveryId);
        Mac(k, buffer.AsSpan(0, 8), purpose).AsSpan(0, MacLength).CopyTo(buffer.AsSpan(8));
        return Base64UrlEncode(buffer);
    }

    /// <summary>The delivery id the token names, or null when it was not signed here for <paramref name="purpose"/>.</summary>
    public async Task<long?> VerifyAsync(string? token, string purpose, CancellationToken cancellationToken = default)
    {
        if (token is null || token.Length != 27 || !TryBase64UrlDecode(token, out var bytes) || bytes.Length != 8 + MacLength)
        {
            return null;
        }

        var k = await KeyAsync(cancellationToken);
        var expected = Mac(k, bytes.AsSpan(0, 8), purpose).AsSpan(0, MacLength);
        return CryptographicOperations.FixedTimeEquals(expected, bytes.AsSpan(8)) ? BinaryPrimitives.ReadInt64BigEndian(bytes) : null;
    }

    /// <summary>
    /// A key derived from the link key for another kind of signed link (tracking), so that each kind signs with its own
    /// key while every instance still derives the same one from the key kept in the database.
    /// </summary>
    public async Task<byte[]> DeriveKeyAsync(string label, CancellationToken cancellationToken = default) =>
        HMACSHA256.HashData(await KeyAsync(cancellationToken), System.Text.Encoding.UTF8.GetBytes("derived:" + label));

    private static byte[] Mac(byte[] key, ReadOnlySpan<byte> id, string purpose)
    {
        var purposeBytes = System.Text.Encoding.UTF8.GetBytes(purpose);
        var message = new byte[id.Length + 1 + purposeBytes.Length];
        id.CopyTo(message);
        message[id.Length] = 0;
        purposeBytes.CopyTo(message, id.Length + 1);
        return HMACSHA256.HashData(key, message);
    }

    private async Task<byte[]> KeyAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref key) is { } known)
        {
            return known;
        }

        await loading.WaitAsync(cancellationToken);
        try
        {
            if (key is not null)
            {
                return key;
            }

            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var stored = await db.SystemSettings.AsNoTracking().Where(s => s.Key == KeySetting).Select(s => s.Value).FirstOrDefaultAsync(cancellationToken);
            if (stored is null)
            {
                db.SystemSettings.Add(new SystemSetting(KeySetting, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)), clock.GetUtcNow().UtcDateTime));
                try
                {
                    await db.SaveChangesAsync(cancellationToken);
                }
                catch (DbUpdateException)
                {
                    // Another instance made it first: use theirs.
                }

                await using var again = await contexts.CreateDbContextAsync(cancellationToken);
                stored = await again.SystemSettings.AsNoTracking().Where(s => s.Key == KeySetting).Select(s => s.Value).FirstAsync(cancellationToken);
            }

            Volatile.Write(ref key, Convert.FromBase64String(stored));
            return key!;
        }
        finally
        {
            loading.Release();
        }
    }

    private static string Base64UrlEncode(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static bool TryBase64UrlDecode(string token, out byte[] bytes)
    {
        var base64 = token.Replace('-', '+').Replace('_', '/');
        base64 += (base64.Length % 4) switch { 2 => "==", 3 => "=", _ => "" };
        bytes = new byte[base64.Length];
        if (Convert.TryFromBase64String(base64, bytes, out var written))
        {
            bytes = bytes[..written];
            return true;
        }

        bytes = [];
        return false;
    }
}
