using Microsoft.EntityFrameworkCore;

namespace CampaignStudio.Data;

/// <summary>The embedded provider. Its migrations live in <c>Data/Migrations/Sqlite</c>.</summary>
public sealed class SqliteAppDbContext(DbContextOptions<SqliteAppDbContext> options) : AppDbContext(options);
