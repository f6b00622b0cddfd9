using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CampaignStudio.Data;

public static class DataServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IDbContextFactory{AppDbContext}"/> for the configured provider (one context per
    /// operation: a Blazor circuit lives long), a scoped <see cref="AppDbContext"/> for ASP.NET Core Identity's
    /// stores, and the database health check.
    /// </summary>
    public static WebApplicationBuilder AddData(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<DatabaseOptions>()
            .Bind(builder.Configuration.GetSection(DatabaseOptions.SectionName))
            .ValidateDataAnnotations()
            .Validate(o => Enum.IsDefined(o.Provider), "Database:Provider must be Sqlite or MySql.")
            .ValidateOnStart();

        var options = builder.Configuration.GetSection(DatabaseOptions.SectionName).Get<DatabaseOptions>() ?? new DatabaseOptions();
        var connectionString = builder.Configuration.GetConnectionString("Default");

        switch (options.Provider)
        {
            case DatabaseProvider.MySql:
                if (string.IsNullOrWhiteSpace(connectionString))
                {
                    throw new OptionsValidationException(nameof(DatabaseOptions), typeof(DatabaseOptions),
                        ["Database:Provider is MySql but ConnectionStrings:Default is empty. Set it in configuration or as the environment variable ConnectionStrings__Default."]);
                }

                var serverVersion = new MySqlServerVersionSource(connectionString, options.MySqlServerVersion);
                services.AddSingleton(serverVersion);
                services.AddDbContextFactory<MySqlAppDbContext>(o => ConfigureMySql(o, connectionString, serverVersion.Get()));
                services.AddSingleton<IDbContextFactory<AppDbContext>, ProviderDbContextFactory<MySqlAppDbContext>>();
                break;

            default:
                var sqlite = SqliteConnectionStrings.Resolve(connectionString, options.SqliteFile, builder.Environment.ContentRootPath);
                services.AddDbContextFactory<SqliteAppDbContext>(o => ConfigureSqlite(o, sqlite));
                services.AddSingleton<IDbContextFactory<AppDbContext>, ProviderDbContextFactory<SqliteAppDbContext>>();
                break;
        }

        services.AddScoped(sp => sp.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContext());
        services.AddSingleton<DatabaseMigrator>();
        // Keys in the database: cookies and antiforgery tokens survive restarts and work on every instance.
        services.AddDataProtection().SetApplicationName("CampaignStudio").PersistKeysToDbContext<AppDbContext>();
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database");
        return builder;
    }

    internal static void ConfigureSqlite(DbContextOptionsBuilder options, string connectionString) =>
        options.UseSqlite(connectionString, sqlite =>
            sqlite.MigrationsHistoryTable("__EFMigrationsHistory"));

    internal static void ConfigureMySql(DbContextOptionsBuilder options, string connectionString, ServerVersion serverVersion) =>
        // No retrying execution strategy: services use explicit transactions (set-up, demo seed, later the
        // delivery ledger), and a blind retry of those could double work. Transient faults surface as errors.
        options.UseMySql(connectionString, serverVersion)
            // The migrations are generated for MySQL 8; on MariaDB the server-specific annotations differ
            // without any schema change. A test checks the model against the migrations instead.
            .ConfigureWarnings(w => w.Ignore(Microsoft.EntityFrameworkCore.Diagnostics.RelationalEventId.PendingModelChangesWarning));

    /// <summary>Applies pending migrations when <see cref="DatabaseOptions.MigrateOnStartup"/> is on.</summary>
    public static async Task MigrateDatabaseIfEnabledAsync(this WebApplication app)
    {
        if (app.Services.GetRequiredService<IOptions<DatabaseOptions>>().Value.MigrateOnStartup)
        {
            await app.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync(app.Lifetime.ApplicationStopping);
        }
    }
}
