using CampaignStudio.Features.Audience.Contacts;
using CampaignStudio.Features.Audience.Segments;
using CampaignStudio.Features.Campaigns;
using CampaignStudio.Features.Campaigns.Media;
using CampaignStudio.Features.Delivery;
using CampaignStudio.Features.Identity;
using CampaignStudio.Features.Identity.ApiKeys;
using CampaignStudio.Features.Notifications;
using CampaignStudio.Features.Webhooks;
using CampaignStudio.Features.Outbox;
using CampaignStudio.Features.Tracking;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace CampaignStudio.Data;

/// <summary>
/// The one model of CampaignStudio. Each provider has a derived context
/// (<see cref="SqliteAppDbContext"/>, <see cref="MySqlAppDbContext"/>) that owns its migration set;
/// everything else depends on this type only.
/// </summary>
public abstract class AppDbContext(DbContextOptions options) : IdentityDbContext<AppUser, IdentityRole, string>(options), IDataProtectionKeyContext
{
    /// <summary>The Data Protection key ring (sign-in cookies, antiforgery, later PII keys), shared by every instance.</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public DbSet<SystemSetting> SystemSettings => Set<SystemSetting>();

    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();

    public DbSet<Contact> Contacts => Set<Contact>();

    public DbSet<ContactTag> ContactTags => Set<ContactTag>();

    public DbSet<ContactConsent> ContactConsents => Set<ContactConsent>();

    public DbSet<ContactEvent> ContactEvents => Set<ContactEvent>();

    public DbSet<ContactEventMeasure> ContactEventMeasures => Set<ContactEventMeasure>();

    public DbSet<ContactPushToken> ContactPushTokens => Set<ContactPushToken>();

    public DbSet<CustomFieldDefinition> CustomFields => Set<CustomFieldDefinition>();

    public DbSet<ContactFieldValue> ContactFieldValues => Set<ContactFieldValue>();

    public DbSet<Segment> Segments => Set<Segment>();

    public DbSet<Campaign> Campaigns => Set<Campaign>();

    public DbSet<CampaignSegment> CampaignSegments => Set<CampaignSegment>();

    public DbSet<CampaignChange> CampaignChanges => Set<CampaignChange>();

    public DbSet<CampaignContentVersion> CampaignContentVersions => Set<CampaignContentVersion>();

    public DbSet<EmailSender> EmailSenders => Set<EmailSender>();

    public DbSet<CampaignFieldDefinition> CampaignFields => Set<CampaignFieldDefinition>();

    public DbSet<MediaAsset> MediaAssets => Set<MediaAsset>();
    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();

    /// <summary>The delivery ledger: one row per campaign × contact × channel.</summary>
    public DbSet<DeliveryRecord> Deliveries => Set<DeliveryRecord>();

    public DbSet<SuppressedAddress> SuppressedAddresses => Set<SuppressedAddress>();

    /// <summary>Texts people sent back (STOP, START, HELP, anything), encrypted.</summary>
    public DbSet<Features.Delivery.Replies.InboundMessage> InboundMessages => Set<Features.Delivery.Replies.InboundMessage>();

    /// <summary>One row per person told something: unique per person and key, so nobody is told twice.</summary>
    public DbSet<Notification> Notifications => Set<Notification>();

    public DbSet<NotificationPreference> NotificationPreferences => Set<NotificationPreference>();

    public DbSet<CampaignFollower> CampaignFollowers => Set<CampaignFollower>();

    public DbSet<WebhookEndpoint> WebhookEndpoints => Set<WebhookEndpoint>();

    public DbSet<WebhookDelivery> WebhookDeliveries => Set<WebhookDelivery>();

    public DbSet<WebhookAttempt> WebhookAttempts => Set<WebhookAttempt>();

    /// <summary>Tracking: every hit as it came, per-message markers, counters per campaign, hour and link.</summary>
    public DbSet<TrackingEvent> TrackingEvents => Set<TrackingEvent>();

    /// <summary>Hits stored by the endpoints and not yet counted (see <see cref="PendingHit"/>).</summary>
    public DbSet<PendingHit> PendingHits => Set<PendingHit>();

    public DbSet<DeliveryEngagement> DeliveryEngagements => Set<DeliveryEngagement>();

    public DbSet<DeliveryLinkClick> DeliveryLinkClicks => Set<DeliveryLinkClick>();

    public DbSet<CampaignLink> CampaignLinks => Set<CampaignLink>();

    /// <summary>Where each personalised short link (SMS, WhatsApp) of a message goes.</summary>
    public DbSet<DeliveryLinkTarget> DeliveryLinkTargets => Set<DeliveryLinkTarget>();

    public DbSet<CampaignCounter> CampaignCounters => Set<CampaignCounter>();

    public DbSet<CampaignLedgerTotal> CampaignLedgerTotals => Set<CampaignLedgerTotal>();

    public DbSet<CampaignHourCounter> CampaignHourCounters => Set<CampaignHourCounter>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(AppDbContext).Assembly, t => !t.IsAbstract);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Instants are UTC DateTime everywhere: both providers translate comparisons and ordering
        // on DateTime, while SQLite cannot on DateTimeOffset.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<UtcDateTimeConverter>();
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcDateTimeOffsetConverter>();
        configurationBuilder.Properties<DateTimeOffset?>().HaveConversion<UtcDateTimeOffsetConverter>();
    }
}
