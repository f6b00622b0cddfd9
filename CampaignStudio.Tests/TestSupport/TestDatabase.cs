using MySqlConnector;

namespace CampaignStudio.Tests.TestSupport;

/// <summary>
/// A database of its own for one test: a fresh SQLite file, or a fresh MariaDB/MySQL database on the server named
/// by <c>CAMPAIGNSTUDIO_TEST_MYSQL</c> (run-tests.sh starts one). A MySQL test fails, never skips, when there is
/// no server.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    public const string MySqlEnvironmentVariable = "CAMPAIGNSTUDIO_TEST_MYSQL";
    private const string DefaultMySqlServer = "Server=127.0.0.1;Port=3306;User ID=campaignstudio_test;Password=campaignstudio_test";

    private readonly string? sqliteFolder;
    private readonly string? mySqlDatabase;

    private TestDatabase(DatabaseKind kind, string connectionString, string? sqliteFolder, string? mySqlDatabase)
    {
        Kind = kind;
        ConnectionString = connectionString;
        this.sqliteFolder = sqliteFolder;
        this.mySqlDatabase = mySqlDatabase;
    }

    public DatabaseKind Kind { get; }

    public string ConnectionString { get; }

    /// <summary>The configuration that points the app at this database.</summary>
    public IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Database:Provider"] = Kind.ToString(),
        ["ConnectionStrings:Default"] = ConnectionString,
    };

    public static string MySqlServer => Environment.GetEnvironmentVariable(MySqlEnvironmentVariable) is { Length: > 0 } configured ? configured : DefaultMySqlServer;

    public static async Task<TestDatabase> CreateAsync(DatabaseKind kind)
    {
        if (kind == DatabaseKind.Sqlite)
        {
            var folder = Path.Combine(Path.GetTempPath(), "campaignstudio-tests", Guid.NewGuid().ToString("N")[..12]);
            Directory.CreateDirectory(folder);
            return new TestDatabase(kind, $"Data Source={Path.Combine(folder, "test.db")}", folder, null);
        }

        var name = $"cs_test_{Guid.NewGuid():N}"[..24];
        await using (var connection = new MySqlConnection(MySqlServer))
        {
            try
            {
                await connection.OpenAsync();
            }
            catch (MySqlException ex)
            {
                throw new InvalidOperationException(
                    $"No MySQL/MariaDB server answers at '{new MySqlConnectionStringBuilder(MySqlServer) { Password = "***" }}'. Run the tests through run-tests.sh, which starts one, or set {MySqlEnvironmentVariable}.", ex);
            }

            await using var create = new MySqlCommand($"CREATE DATABASE `{name}` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci", connection);
            await create.ExecuteNonQueryAsync();
        }

        var builder = new MySqlConnectionStringBuilder(MySqlServer) { Database = name };
        return new TestDatabase(kind, builder.ConnectionString, null, name);
    }

    public async ValueTask DisposeAsync()
    {
        if (mySqlDatabase is not null)
        {
            MySqlConnection.ClearAllPools();
            await using var connection = new MySqlConnection(MySqlServer);
            await connection.OpenAsync();
            await using var drop = new MySqlCommand($"DROP DATABASE IF EXISTS `{mySqlDatabase}`", connection);
            await drop.ExecuteNonQueryAsync();
        }

        if (sqliteFolder is not null)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(sqliteFolder, recursive: true);
            }
            catch (IOException)
            {
                // A file still open by a host that shuts down later; the temp folder is cleaned by the OS.
            }
        }
    }
}
