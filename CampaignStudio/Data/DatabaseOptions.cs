using System.ComponentModel.DataAnnotations;

namespace CampaignStudio.Data;

/// <summary>Which database CampaignStudio keeps its state in, bound from the <c>Database</c> section.</summary>
public sealed class DatabaseOptions
{
    public const string SectionName = "Database";

    /// <summary><see cref="DatabaseProvider.Sqlite"/> (embedded, the default) or <see cref="DatabaseProvider.MySql"/>.</summary>
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>Apply pending migrations when the app starts. Turn off when migrations are applied by a deployment step.</summary>
    public bool MigrateOnStartup { get; set; } = true;

    /// <summary>SQLite file used when no <c>ConnectionStrings:Default</c> is given; relative to the content root.</summary>
    [Required]
    public string SqliteFile { get; set; } = "App_Data/campaignstudio.db";

    /// <summary>MySQL server version used to shape SQL; detected from the server when empty.</summary>
    public string? MySqlServerVersion { get; set; }
}

public enum DatabaseProvider
{
    Sqlite,
    MySql,
}
