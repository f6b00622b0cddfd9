using Microsoft.Data.Sqlite;

namespace CampaignStudio.Data;

internal static class SqliteConnectionStrings
{
    /// <summary>
    /// The configured SQLite connection string, or one for <paramref name="file"/> under the content root.
    /// Creates the file's folder so that a fresh checkout runs as is.
    /// </summary>
    public static string Resolve(string? configured, string file, string contentRoot)
    {
        var builder = new SqliteConnectionStringBuilder(string.IsNullOrWhiteSpace(configured) ? "" : configured);
        if (string.IsNullOrWhiteSpace(builder.DataSource))
        {
            builder.DataSource = Path.GetFullPath(Path.Combine(contentRoot, file));
        }

        if (builder.DataSource != ":memory:" && builder.Mode != SqliteOpenMode.Memory)
        {
            var folder = Path.GetDirectoryName(Path.GetFullPath(builder.DataSource));
            if (!string.IsNullOrEmpty(folder))
            {
                Directory.CreateDirectory(folder);
            }
        }

        builder.Pooling = true;
        builder.DefaultTimeout = Math.Max(builder.DefaultTimeout, 30);
        return builder.ToString();
    }
}
