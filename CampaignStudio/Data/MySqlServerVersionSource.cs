using Microsoft.EntityFrameworkCore;

namespace CampaignStudio.Data;

/// <summary>
/// The MySQL/MariaDB server version that shapes Pomelo's SQL: the configured one, or detected from the
/// server once, on first use (not at start-up, so the app still starts and reports 503 when the server is down).
/// </summary>
internal sealed class MySqlServerVersionSource(string connectionString, string? configured)
{
    private readonly Lazy<ServerVersion> version = new(() =>
        string.IsNullOrWhiteSpace(configured) ? ServerVersion.AutoDetect(connectionString) : ServerVersion.Parse(configured));

    public ServerVersion Get() => version.Value;
}
