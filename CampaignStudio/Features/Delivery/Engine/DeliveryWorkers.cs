using CampaignStudio.Features.Campaigns;
using CampaignStudio.Features.Shared;
using Microsoft.Extensions.Options;

namespace CampaignStudio.Features.Delivery.Engine;

/// <summary>
/// This instance's senders: for each channel, as many loops as <see cref="DeliveryOptions.Concurrency"/> says, each
/// claiming a batch, sending it and checking whether its campaign is done, and waiting for work (or a wake-up) when
/// there is none. Claims, not timers, decide who sends what, so any number of instances can run side by side.
/// </summary>
/// <remarks>The engine's services are resolved when sending starts, not when the host is built: an instance with
/// sending disabled (or a database not migrated yet) never touches them.</remarks>
public sealed partial class DeliveryWorkers(
    IServiceProvider services,
    DeliveryWakeup wakeup,
    IOptions<DeliveryOptions> options,
    IOptions<DeliveryRateOptions> rates,
    TimeProvider clock,
    ILogger<DeliveryWorkers> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
        {
            LogDisabled();
            return Task.CompletedTask;
        }

        var engine = new Engine(
            services.GetRequiredService<DeliveryLedger>(),
            services.GetRequiredService<DeliveryBatchSender>(),
            services.GetRequiredService<CampaignRunner>());
        var loops = Enum.GetValues<Channel>()
            .SelectMany(channel => Enumerable.Range(0, options.Value.Concurrency.For(channel)).Select(_ => Task.Run(() => RunAsync(engine, channel, stoppingToken), stoppingToken)))
            .ToList();
        return Task.WhenAll(loops);
    }

    /// <summary>
    /// A batch takes at most two seconds, and at most a quarter of a lease, at the share of the channel's rate each of
    /// its workers gets (the channel's workers in this instance take turns at its rate): a slow channel's claim never
    /// outlives its lease (which would let another worker send the same rows), and the workers' pauses between batches
    /// (claiming and preparing the next one) stay short, so they leave no noticeable gap in the channel's rate.
    /// </summary>
    public static int BatchSizeFor(Channel channel, DeliveryOptions options, DeliveryRateOptions rates) =>
        (int)Math.Clamp(rates.For(channel) * Math.Min(options.LeaseSeconds / 4.0, MaxBatchSeconds) / options.Concurrency.For(channel), 1, options.BatchSize);

    /// <summary>The longest a batch takes at the channel's rate.</summary>
    public const double MaxBatchSeconds = 2;

    private async Task RunAsync(Engine engine, Channel channel, CancellationToken stoppingToken)
    {
        var poll = TimeSpan.FromMilliseconds(options.Value.PollMilliseconds);
        var batchSize = BatchSizeFor(channel, options.Value, rates.Value);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var batch = await engine.Ledger.ClaimAsync(channel, batchSize, stoppingToken);
                if (batch is null)
                {
                    await wakeup.WaitAsync(poll, clock, stoppingToken);
                    continue;
                }

                await using (batch)
                {
                    await engine.Sender.SendAsync(batch, stoppingToken);
                }

                await engine.Runner.CompleteIfDoneAsync(batch.CampaignId, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                LogLoopFailed(e, channel);
                try
                {
                    await Task.Delay(poll, clock, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }
    }

    private sealed record Engine(DeliveryLedger Ledger, DeliveryBatchSender Sender, CampaignRunner Runner);

    [LoggerMessage(Level = LogLevel.Information, Message = "Sending is disabled in this instance (Campaigns:Delivery:Enabled is false).")]
    private partial void LogDisabled();

    [LoggerMessage(Level = LogLevel.Error, Message = "A {Channel} delivery worker failed; it carries on after a pause.")]
    private partial void LogLoopFailed(Exception exception, Channel channel);
}
