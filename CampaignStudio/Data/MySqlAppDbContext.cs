using Microsoft.EntityFrameworkCore;

namespace CampaignStudio.Data;

/// <summary>The production provider (MySQL 8 / MariaDB 10.11 through Pomelo). Its migrations live in <c>Data/Migrations/MySql</c>.</summary>
public sealed class MySqlAppDbContext(DbContextOptions<MySqlAppDbContext> options) : AppDbContext(options);
