using System.ComponentModel.DataAnnotations;
using CampaignStudio.Features.Shared;
using Microsoft.Extensions.Options;

namespace CampaignStudio.Features.Delivery;

/// <summary>
/// How the engine starts and sends campaigns (<c>Campaigns:Delivery</c>); the per-channel rates are
/// <c>Campaigns:Delivery:RatePerSecond</c>. Validated at start-up.
/// </summary>
public sealed class DeliveryOptions
{
    public const string SectionName = "Campaigns:Delivery";

    /// <summary>False runs no scanner and no workers in this instance (e.g. a web-only node).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// The address recipients reach this app at (for unsubscribe links and, with tracking, opens and clicks), e.g.
    /// <c>https://campaigns.acme.example</c>. One-click unsubscribe headers need https.
    /// </summary>
    [Required]
    [Url]
    public string PublicBaseUrl { get; set; } = "http://localhost:5000";

    /// <summary>How often the scanner looks for due campaigns.</summary>
    [Range(1, 3600)]
    public int ScanIntervalSeconds { get; set; } = 5;

    /// <summary>A campaign whose time passed while the app was down starts if it is at most this late; later, it waits for confirmation.</summary>
    [Range(0, 10_080)]
    public int GraceMinutes { get; set; } = 60;

    /// <summary>How often an idle worker looks for work, and so how soon a pause or resume is seen.</summary>
    [Range(50, 60_000)]
    public int PollMilliseconds { get; set; } = 1000;

    /// <summary>How many ledger rows a worker claims at a time.</summary>
    [Range(1, 5000)]
    public int BatchSize { get; set; } = 200;

    /// <summary>How long a claim lasts; a row still in flight after it is claimed again (its message may have gone out).</summary>
    [Range(5, 3600)]
    public int LeaseSeconds { get; set; } = 120;

    /// <summary>Tries per message before a transient failure becomes final.</summary>
    [Range(1, 50)]
    public int MaxAttempts { get; set; } = 6;

    /// <summary>The first retry waits this long; each next one twice as long (with jitter), up to <see cref="RetryMaxSeconds"/>.</summary>
    [Range(1, 86_400)]
    public int RetryBaseSeconds { get; set; } = 30;

    [Range(1, 86_400)]
    public int RetryMaxSeconds { get; set; } = 3600;

    /// <summary>A campaign pauses by itself when this share of its recent attempts failed…</summary>
    [Range(0.01, 1.0)]
    public double AutoPauseErrorRate { get; set; } = 0.5;

    /// <summary>…out of at least this many attempts in the last <see cref="AutoPauseWindowSeconds"/>.</summary>
    [Range(1, 1_000_000)]
    public int AutoPauseMinAttempts { get; set; } = 50;

    [Range(10, 86_400)]
    public int AutoPauseWindowSeconds { get; set; } = 300;

    /// <summary>How many batches each channel sends at once in this instance.</summary>
    [ValidateObjectMembers]
    public ChannelConcurrency Concurrency { get; set; } = new();

    /// <summary>
    /// How many messages of each channel this instance holds rendered and not yet answered by the provider, across all
    /// of its workers. Emails are large (the HTML, its text part and their MIME form): about 8 per SMTP connection keep
    /// the connections busy, and more only wait longer, survive more garbage collections and cost memory; texts and
    /// pushes are small, and a slow HTTP provider needs many requests out at once.
    /// </summary>
    [ValidateObjectMembers]
    public ChannelInFlight MessagesInFlight { get; set; } = new();

    /// <summary>Messages per second per sender (From address or number), on top of the channel's rate, e.g. <c>"offers@acme.example": 20</c>.</summary>
    public Dictionary<string, int> SenderRatePerSecond { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The name this instance claims rows under; defaults to the machine name and process id.</summary>
    [MaxLength(DeliveryRecord.MaxClaimedByLength)]
    public string? InstanceName { get; set; }

    /// <summary>
    /// A Redis connection string (StackExchange.Redis format, e.g. <c>redis.internal:6379,password=…,ssl=true</c>). Set
    /// it when several instances serve pages: each publishes its campaigns' progress changes there and hears the
    /// others', so an open page updates live whichever instance sends. Empty: changes stay in this instance.
    /// </summary>
    public string? Redis { get; set; }

    /// <summary>The Redis pub/sub channel the instances of one installation share progress changes on.</summary>
    [Required]
    [MaxLength(200)]
    public string RedisChannel { get; set; } = "campaignstudio:delivery-progress";

    public TimeSpan Lease => TimeSpan.FromSeconds(LeaseSeconds);

    public TimeSpan Grace => TimeSpan.FromMinutes(GraceMinutes);

    public sealed class ChannelInFlight : PerChannelSetting
    {
        [Range(16, 100_000)]
        public override int Email { get; set; } = 64;

        [Range(16, 100_000)]
        public override int Sms { get; set; } = 2048;

        [Range(16, 100_000)]
        public override int WhatsApp { get; set; } = 2048;

        [Range(16, 100_000)]
        public override int Push { get; set; } = 2048;
    }

    public sealed class ChannelConcurrency : PerChannelSetting
    {
        [Range(1, 256)]
        public override int Email { get; set; } = 4;

        [Range(1, 256)]
        public override int Sms { get; set; } = 4;

        [Range(1, 256)]
        public override int WhatsApp { get; set; } = 4;

        [Range(1, 256)]
        public override int Push { get; set; } = 4;
    }
}
