using System.Data.Common;
using System.Reflection;
using CampaignStudio.Data;
using CampaignStudio.Features.Campaigns;
using CampaignStudio.Features.Delivery;
using CampaignStudio.Features.Delivery.Engine;
using CampaignStudio.Features.Shared;
using CampaignStudio.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MySqlConnector;

namespace CampaignStudio.Tests.Features.Delivery.Engine;

/// <summary>
/// On MariaDB, claims of several workers at once now and then deadlock on the ledger's index (InnoDB then rolls one of
/// them back whole). Such a claim is tried again: no worker failure, nobody sent twice.
/// </summary>
public sealed class ClaimConflictTests
{
    [Fact]
    public async Task ClaimsRolledBackByDeadlocks_AreTriedAgain_WithoutAWorkerFailure_AndEveryoneGetsOneMessage()
    {
        var errors = new ErrorLog();
        var deadlocks = new DeadlockingClaims(times: DeliveryLedger.MaxClaimAttempts - 1);
        await using var world = await EngineWorld.StartAsync(DatabaseKind.MySql, services: s =>
        {
            s.AddSingleton<ILoggerProvider>(errors);
            s.ConfigureDbContext<MySqlAppDbContext>(o => o.AddInterceptors(deadlocks));
        });
        await world.AddContactsAsync(30);

        var id = await world.ScheduleCampaignAsync("Deadlocks", [Channel.Sms]);

        Assert.Equal(CampaignStatus.Completed, await world.WaitForStatusAsync(id, CampaignStatus.Completed));
        Assert.Equal(DeliveryLedger.MaxClaimAttempts - 1, deadlocks.Thrown);
        Assert.All(await world.RowsAsync(id), r => Assert.Equal((DeliveryStatus.Sent, 1), (r.Status, r.Attempts)));
        Assert.Equal(30, world.Sms.Received.Select(r => r.Message.DeliveryId).Distinct().Count());
        Assert.Equal(30, world.Sms.Received.Count);
        Assert.True(errors.FromApp.Count == 0, string.Join('\n', errors.FromApp));
    }

    [Fact]
    public async Task ClaimThatKeepsDeadlocking_IsAWorkerFailure_ThenTheCampaignStillCompletes()
    {
        var errors = new ErrorLog();
        var deadlocks = new DeadlockingClaims(times: DeliveryLedger.MaxClaimAttempts);
        // One worker, so that every failed attempt is the same claim's.
        await using var world = await EngineWorld.StartAsync(DatabaseKind.MySql, new Dictionary<string, string?> { ["Campaigns:Delivery:Concurrency:Sms"] = "1" }, s =>
        {
            s.AddSingleton<ILoggerProvider>(errors);
            s.ConfigureDbContext<MySqlAppDbContext>(o => o.AddInterceptors(deadlocks));
        });
        await world.AddContactsAsync(30);

        var id = await world.ScheduleCampaignAsync("Deadlocks", [Channel.Sms]);

        Assert.Equal(CampaignStatus.Completed, await world.WaitForStatusAsync(id, CampaignStatus.Completed));
        Assert.Contains(errors.FromApp, e => e.Contains("delivery worker failed", StringComparison.Ordinal) && e.Contains("Deadlock found", StringComparison.Ordinal));
        Assert.Equal(30, world.Sms.Received.Count);
    }

    /// <summary>Fails the next claims' first locking read as InnoDB does when it picks the claim as a deadlock's victim.</summary>
    private sealed class DeadlockingClaims(int times) : DbCommandInterceptor
    {
        private int left = times;
        private int thrown;

        public int Thrown => Volatile.Read(ref thrown);

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            if (command.CommandText.Contains("FOR UPDATE SKIP LOCKED", StringComparison.Ordinal) && Interlocked.Decrement(ref left) >= 0)
            {
                Interlocked.Increment(ref thrown);
                throw Deadlock();
            }

            return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
        }

        private static MySqlException Deadlock()
        {
            // The driver makes these itself from the server's error packet; its constructor is not public.
            var constructor = typeof(MySqlException).GetConstructor(BindingFlags.Instance | BindingFlags.NonPublic, [typeof(MySqlErrorCode), typeof(string)])
                ?? throw new InvalidOperationException("MySqlException(MySqlErrorCode, string) is not there any more.");
            return (MySqlException)constructor.Invoke([MySqlErrorCode.LockDeadlock, "Deadlock found when trying to get lock; try restarting transaction"]);
        }
    }
}
