using System.Security.Cryptography;
using CampaignStudio.Data;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CampaignStudio.Features.Audience.Pii;

/// <summary>
/// The two PII keys: from configuration when set, otherwise generated on first use and stored in
/// <see cref="SystemSetting"/> rows wrapped by Data Protection (so a database dump alone does not hold them in the
/// clear next to the data — the Data Protection key ring should then be protected too, see the README).
/// </summary>
public sealed class PiiKeys(byte[] encryptionKey, byte[] blindIndexKey)
{
    public const string EncryptionSetting = "pii.encryption-key";
    public const string BlindIndexSetting = "pii.blind-index-key";

    public byte[] EncryptionKey { get; } = encryptionKey;

    public byte[] BlindIndexKey { get; } = blindIndexKey;

    public static PiiKeys Load(IOptions<PiiOptions> options, IDbContextFactory<AppDbContext> contexts, IDataProtectionProvider protection, TimeProvider clock)
    {
        var protector = protection.CreateProtector("CampaignStudio.Pii.Keys");
        var configured = options.Value;
        return new PiiKeys(
            configured.EncryptionKey is { Length: > 0 } e ? Convert.FromBase64String(e) : LoadOrCreate(EncryptionSetting, contexts, protector, clock),
            configured.BlindIndexKey is { Length: > 0 } b ? Convert.FromBase64String(b) : LoadOrCreate(BlindIndexSetting, contexts, protector, clock));
    }

    private static byte[] LoadOrCreate(string key, IDbContextFactory<AppDbContext> contexts, IDataProtector protector, TimeProvider clock)
    {
        using var db = contexts.CreateDbContext();
        var stored = db.SystemSettings.AsNoTracking().FirstOrDefault(s => s.Key == key);
        if (stored is null)
        {
            var fresh = RandomNumberGenerator.GetBytes(32);
            db.SystemSettings.Add(new SystemSetting(key, protector.Protect(Convert.ToBase64String(fresh)), clock.GetUtcNow().UtcDateTime));
            try
            {
                db.SaveChanges();
                return fresh;
            }
            catch (DbUpdateException)
            {
                // Another instance created it first: use theirs.
                db.ChangeTracker.Clear();
                stored = db.SystemSettings.AsNoTracking().First(s => s.Key == key);
            }
        }

        return Convert.FromBase64String(protector.Unprotect(stored.Value));
    }
}
