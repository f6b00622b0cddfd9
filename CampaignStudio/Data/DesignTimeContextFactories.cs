using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace CampaignStudio.Data;

/// <summary>Lets <c>dotnet ef migrations add … --context SqliteAppDbContext</c> build the model without the app's host.</summary>
internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteAppDbContext>
{
    public SqliteAppDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<SqliteAppDbContext>();
        DataServiceCollectionExtensions.ConfigureSqlite(options, "Data Source=design-time.db");
        return new SqliteAppDbContext(options.Options);
    }
}

/// <summary>Lets <c>dotnet ef migrations add … --context MySqlAppDbContext</c> build the model without a server.</summary>
internal sealed class MySqlDesignTimeFactory : IDesignTimeDbContextFactory<MySqlAppDbContext>
{
    public MySqlAppDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<MySqlAppDbContext>();
        DataServiceCollectionExtensions.ConfigureMySql(options, "Server=localhost;Database=campaignstudio", ServerVersion.Parse("8.0.36-mysql"));
        return new MySqlAppDbContext(options.Options);
    }
}
