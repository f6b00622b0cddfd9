using System.Security.Cryptography;
using CampaignStudio.Data;
using CampaignStudio.Features.Identity;
using CampaignStudio.Features.Shared;

namespace CampaignStudio.Features.Demo;

/// <summary>Fills an empty workspace with realistic demo data; refuses one that already holds data.</summary>
public sealed class DemoSeeder(IEnumerable<IDemoDataContributor> contributors, AppDbContext db, CurrentUser currentUser, TimeProvider clock)
{
    public async Task<bool> IsWorkspaceEmptyAsync(CancellationToken cancellationToken = default)
    {
        foreach (var contributor in contributors)
        {
            if (await contributor.HasDataAsync(cancellationToken))
            {
                return false;
            }
        }

        return true;
    }

    public async Task<DemoSeedResult> SeedAsync(CancellationToken cancellationToken = default)
    {
        await currentUser.RequireAsync(Policies.Administer);
        var nonEmpty = new List<string>();
        foreach (var contributor in contributors)
        {
            if (await contributor.HasDataAsync(cancellationToken))
            {
                nonEmpty.Add(contributor.Name);
            }
        }

        if (nonEmpty.Count > 0)
        {
            throw new DomainException($"Demo data goes only into an empty workspace, and this one already has {string.Join(", ", nonEmpty)}. Nothing was changed.");
        }

        var password = "Demo-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(5)).ToLowerInvariant() + "A1";
        var context = new DemoSeedContext(password, clock.GetUtcNow().UtcDateTime);
        var lines = new List<string>();
        // All or nothing: contributors write through the scoped context (as Identity's stores do) inside one transaction.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        foreach (var contributor in contributors.OrderBy(c => c.Order))
        {
            lines.Add(await contributor.SeedAsync(context, cancellationToken));
        }

        await transaction.CommitAsync(cancellationToken);

        return new DemoSeedResult(password, lines);
    }
}

public sealed record DemoSeedResult(string Password, IReadOnlyList<string> Lines)
{
    public string Describe() => string.Join(Environment.NewLine, Lines.Prepend("Demo data created:").Append($"Demo accounts share the password: {Password}"));
}
