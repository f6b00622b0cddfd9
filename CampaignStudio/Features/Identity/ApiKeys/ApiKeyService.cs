using System.Security.Cryptography;
using System.Text;
using CampaignStudio.Data;
using CampaignStudio.Features.Shared;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;

namespace CampaignStudio.Features.Identity.ApiKeys;

/// <summary>Issues, lists, revokes and verifies API keys. A key is shown once, when it is issued.</summary>
public sealed class ApiKeyService(IDbContextFactory<AppDbContext> contexts, CurrentUser currentUser, TimeProvider clock)
{
    private const string KeyPrefix = "csk_";

    public async Task<IssuedApiKey> IssueAsync(string name, string role, CancellationToken cancellationToken = default)
    {
        var actor = await currentUser.RequireAsync(Policies.Administer);
        name = name.Trim();
        if (name.Length is 0 or > 100)
        {
            throw ValidationFailedException.For("Name", "Give the key a name of 1 to 100 characters, e.g. the system that will use it.");
        }

        if (!Roles.IsKnown(role))
        {
            throw ValidationFailedException.For("Role", $"'{role}' is not a role. Roles are {string.Join(", ", Roles.All.Select(r => r.Name))}.");
        }

        var prefix = WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(6)).Replace('-', 'x').Replace('_', 'y');
        var secret = WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
        var key = $"{KeyPrefix}{prefix}_{secret}";
        var entity = new ApiKey(name, role, prefix, Hash(key), actor.Name, clock.GetUtcNow().UtcDateTime);

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        db.ApiKeys.Add(entity);
        await db.SaveChangesAsync(cancellationToken);
        return new IssuedApiKey(Summarise(entity), key);
    }

    public async Task<IReadOnlyList<ApiKeySummary>> ListAsync(CancellationToken cancellationToken = default)
    {
        await currentUser.RequireAsync(Policies.Administer);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var keys = await db.ApiKeys.AsNoTracking().OrderByDescending(k => k.CreatedUtc).ToListAsync(cancellationToken);
        return [.. keys.Select(Summarise)];
    }

    public async Task RevokeAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await currentUser.RequireAsync(Policies.Administer);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var key = await db.ApiKeys.FindAsync([id], cancellationToken) ?? throw new NotFoundException("That API key does not exist.");
        key.Revoke(clock.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>The key's record when <paramref name="presented"/> is a valid, unrevoked key; otherwise null.</summary>
    public async Task<ApiKeySummary?> VerifyAsync(string presented, CancellationToken cancellationToken = default)
    {
        if (!presented.StartsWith(KeyPrefix, StringComparison.Ordinal))
        {
            return null;
        }

        var separator = presented.IndexOf('_', KeyPrefix.Length);
        if (separator < 0)
        {
            return null;
        }

        var prefix = presented[KeyPrefix.Length..separator];
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var key = await db.ApiKeys.FirstOrDefaultAsync(k => k.Prefix == prefix, cancellationToken);
        if (key is null || key.IsRevoked || !CryptographicOperations.FixedTimeEquals(key.Hash, Hash(presented)))
        {
            return null;
        }

        if (key.MarkUsed(clock.GetUtcNow().UtcDateTime))
        {
            await db.SaveChangesAsync(cancellationToken);
        }

        return Summarise(key);
    }

    private static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));

    private static ApiKeySummary Summarise(ApiKey k) => new(k.Id, k.Name, k.Role, $"{KeyPrefix}{k.Prefix}_…", k.CreatedBy, k.CreatedUtc, k.LastUsedUtc, k.RevokedUtc);
}

public sealed record ApiKeySummary(Guid Id, string Name, string Role, string Hint, string CreatedBy, DateTime CreatedUtc, DateTime? LastUsedUtc, DateTime? RevokedUtc);

public sealed record IssuedApiKey(ApiKeySummary Key, string Secret);
