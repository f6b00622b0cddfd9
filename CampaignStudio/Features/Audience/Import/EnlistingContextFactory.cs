using System.Data.Common;
using CampaignStudio.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;

namespace CampaignStudio.Features.Audience.Import;

/// <summary>
/// Hands out contexts that work inside a transaction someone else owns: they use <paramref name="owner"/>'s open
/// connection, their own "begin transaction" joins the owner's transaction, and their "commit" leaves it to the
/// owner. The demo seed uses it so that contacts imported through the ordinary import path (which writes each
/// batch in a transaction of its own) are part of the seed's one all-or-nothing transaction.
/// </summary>
internal sealed class EnlistingContextFactory : IDbContextFactory<AppDbContext>
{
    private readonly AppDbContext owner;
    private readonly DbContextOptions options;

    public EnlistingContextFactory(AppDbContext owner)
    {
        var transaction = owner.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("The owning context has no open transaction to join.");
        this.owner = owner;
        options = new DbContextOptionsBuilder(owner.GetService<IDbContextOptions>() as DbContextOptions
                ?? throw new InvalidOperationException("The owning context's options are not available."))
            .AddInterceptors(new JoinTransactionInterceptor(transaction), new EnlistCommandInterceptor(transaction))
            .ReplaceService<IRelationalTransactionFactory, JoinedTransactionFactory>()
            .Options;
    }

    public AppDbContext CreateDbContext()
    {
        var context = (AppDbContext)Activator.CreateInstance(owner.GetType(), options)!;
        context.Database.SetDbConnection(owner.Database.GetDbConnection(), contextOwnsConnection: false);
        return context;
    }

    /// <summary>"Begin a transaction" returns the owner's transaction instead of starting one.</summary>
    private sealed class JoinTransactionInterceptor(DbTransaction transaction) : DbTransactionInterceptor
    {
        public override InterceptionResult<DbTransaction> TransactionStarting(DbConnection connection, TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result) =>
            InterceptionResult<DbTransaction>.SuppressWithResult(transaction);

        public override ValueTask<InterceptionResult<DbTransaction>> TransactionStartingAsync(DbConnection connection, TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(InterceptionResult<DbTransaction>.SuppressWithResult(transaction));
    }

    /// <summary>Commands run outside an explicit transaction (queries) run in the owner's, as the connection requires.</summary>
    private sealed class EnlistCommandInterceptor(DbTransaction transaction) : DbCommandInterceptor
    {
        public override DbCommand CommandInitialized(CommandEndEventData eventData, DbCommand result)
        {
            result.Transaction ??= transaction;
            return result;
        }
    }

    /// <summary>Wraps the joined transaction so that the inner context neither commits nor disposes it.</summary>
    private sealed class JoinedTransactionFactory(RelationalTransactionFactoryDependencies dependencies) : IRelationalTransactionFactory
    {
        public RelationalTransaction Create(IRelationalConnection connection, DbTransaction transaction, Guid transactionId, IDiagnosticsLogger<DbLoggerCategory.Database.Transaction> logger, bool transactionOwned) =>
            new JoinedTransaction(connection, transaction, transactionId, logger, dependencies.SqlGenerationHelper);
    }

    private sealed class JoinedTransaction(IRelationalConnection connection, DbTransaction transaction, Guid transactionId, IDiagnosticsLogger<DbLoggerCategory.Database.Transaction> logger, ISqlGenerationHelper sql)
        : RelationalTransaction(connection, transaction, transactionId, logger, transactionOwned: false, sql)
    {
        // The owner commits; a failure rolls back through the owner too, as it propagates out of the seed.
        public override void Commit()
        {
        }

        public override Task CommitAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;
    }
}
