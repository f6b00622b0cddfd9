namespace CampaignStudio.Features.Demo;

/// <summary>
/// A feature's share of the demo workspace. Each feature that has data registers one; the seeder refuses to run
/// when any of them already has data, and runs them in <see cref="Order"/>.
/// </summary>
public interface IDemoDataContributor
{
    int Order { get; }

    string Name { get; }

    /// <summary>True when the feature already holds data that is not part of an empty workspace.</summary>
    Task<bool> HasDataAsync(CancellationToken cancellationToken);

    Task<string> SeedAsync(DemoSeedContext context, CancellationToken cancellationToken);
}

/// <summary>What contributors share while seeding: the demo password for the accounts they create, the clock.</summary>
public sealed class DemoSeedContext(string password, DateTime nowUtc)
{
    public string Password { get; } = password;

    public DateTime NowUtc { get; } = nowUtc;

    public Random Random { get; } = new(20261123);
}
