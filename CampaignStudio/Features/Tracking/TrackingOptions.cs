using System.ComponentModel.DataAnnotations;

namespace CampaignStudio.Features.Tracking;

/// <summary>Tracking settings (section <c>Tracking</c>).</summary>
public sealed class TrackingOptions
{
    public const string SectionName = "Tracking";

    /// <summary>Whether emails get tracked links and an open pixel.</summary>
    public bool TrackEmail { get; set; } = true;

    /// <summary>Most hits a writer loop stores in one statement (at most 2,000: SQLite takes 32,766 values a statement).</summary>
    [Range(1, 2000)]
    public int MaxBatchSize { get; set; } = 1000;

    /// <summary>
    /// Writer loops storing hits on MySQL, each with a connection of its own; SQLite always has one. One is the default:
    /// its batches grow with the load, and in the benchmark two or four loops answered no more requests, with a longer tail.
    /// </summary>
    [Range(1, 16)]
    public int Writers { get; set; } = 1;

    /// <summary>Most pending hits counted in one transaction.</summary>
    [Range(1, 2000)]
    public int FoldBatchSize { get; set; } = 1000;

    /// <summary>
    /// How often the folder looks for pending hits that the local writer did not announce (stored by another instance or
    /// before a restart), and how often a stand-by instance checks whether the folding one is gone.
    /// </summary>
    [Range(50, 60_000)]
    public int FoldIntervalMilliseconds { get; set; } = 1000;

    /// <summary>
    /// The share of the time the folder counts while hits keep arriving (it rests in between, in proportion to each
    /// batch's time): storing hits and answering comes first, counting catches up when the rush is over. Measured on two
    /// cores: with the folder working flat out during a burst, p99 of the endpoints went from 6 to 20–27 ms.
    /// </summary>
    [Range(0.05, 1)]
    public double CountingShareUnderLoad { get; set; } = 0.3;

    /// <summary>When counting is this far behind (the newest hit counted is this old), the folder no longer rests.</summary>
    [Range(1, 3600)]
    public int MaxCountingLagSeconds { get; set; } = 30;

    /// <summary>Hits waiting for a writer before new ones wait for room.</summary>
    [Range(100, 1_000_000)]
    public int QueueCapacity { get; set; } = 50_000;

    /// <summary>An open or click this soon after the message was sent is a machine's (privacy proxy, scanner).</summary>
    [Range(0, 600)]
    public double AutomatedAfterSendSeconds { get; set; } = 2;

    /// <summary>A click on another link of the same message this soon after the previous click is a scanner's.</summary>
    [Range(0, 60_000)]
    public int RapidClickMilliseconds { get; set; } = 1000;

    /// <summary>A STOP texted back counts as the unsubscribe of the latest message sent to the number within this many days.</summary>
    [Range(1, 365)]
    public int ReplyUnsubscribeWindowDays { get; set; } = 30;
}
