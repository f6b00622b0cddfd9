using CampaignStudio.Features.Campaigns;
using CampaignStudio.Features.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CampaignStudio.Features.Notifications;

/// <summary>
/// One person told one thing: a row per recipient. The unique index on (<see cref="UserId"/>, <see cref="Key"/>) is
/// what makes a notification happen once per person, whichever instance raises it and however often: the second
/// insert is refused and means "already told". A row is also the record of an email asked for; when the person
/// turned in-app notifications of its kind off, the row exists (so the email is not sent twice) but is not shown
/// (<see cref="InApp"/> false).
/// </summary>
public sealed class Notification
{
    public const int MaxTitleLength = 200;
    public const int MaxMessageLength = 2000;
    public const int MaxKeyLength = 200;
    public const int MaxEmailErrorLength = 1000;

    /// <summary>How long an email being sent is held by the instance sending it before the retry scan may take it over.</summary>
    public static readonly TimeSpan EmailLease = TimeSpan.FromMinutes(2);

    private Notification()
    {
    }

    public Notification(string userId, CampaignNotification notification, bool inApp, bool byEmail, DateTime nowUtc)
    {
        UserId = userId;
        Kind = notification.Kind;
        CampaignId = notification.CampaignId;
        CampaignName = Clip(notification.CampaignName, Campaign.MaxNameLength);
        Title = Clip(notification.Title, MaxTitleLength);
        Message = Clip(notification.Message, MaxMessageLength);
        Key = notification.Key;
        InApp = inApp;
        ByEmail = byEmail;
        CreatedUtc = nowUtc;

        // Held for the instance that stored the row while it sends; if it dies first, the retry scan sends it later.
        EmailNextAttemptUtc = byEmail ? nowUtc + EmailLease : null;
    }

    public long Id { get; private set; }

    /// <summary>Whom it is for (an <see cref="AppUser"/>).</summary>
    public string UserId { get; private set; } = "";

    public NotificationKind Kind { get; private set; }

    public int CampaignId { get; private set; }

    /// <summary>The campaign's name when it was raised, as its title and message name it.</summary>
    public string CampaignName { get; private set; } = "";

    public string Title { get; private set; } = "";

    public string Message { get; private set; } = "";

    /// <summary>What makes it the same notification (e.g. <c>started:42</c>): unique per person.</summary>
    public string Key { get; private set; } = "";

    /// <summary>Shown in the bell and on the notifications page (the person's preference when it was raised).</summary>
    public bool InApp { get; private set; }

    /// <summary>An email was asked for (the person's preference when it was raised).</summary>
    public bool ByEmail { get; private set; }

    public DateTime CreatedUtc { get; private set; }

    public DateTime? ReadUtc { get; private set; }

    public bool IsRead => ReadUtc is not null;

    /// <summary>When the email (<see cref="ByEmail"/>) was handed to the mail server (or the Outbox).</summary>
    public DateTime? EmailSentUtc { get; private set; }

    /// <summary>How often sending the email was tried.</summary>
    public int EmailAttempts { get; private set; }

    /// <summary>
    /// When the email is (re)tried by the retry scan: null once it was sent or given up. While an instance sends it,
    /// this is the end of that instance's hold on it (<see cref="EmailLease"/>).
    /// </summary>
    public DateTime? EmailNextAttemptUtc { get; private set; }

    /// <summary>Why the last try failed (and, when given up, that it was), for people and the log.</summary>
    public string? EmailError { get; private set; }

    public static string Clip(string value, int max) => value.Length > max ? value[..(max - 1)].TrimEnd() + "…" : value;

    internal sealed class Configuration : IEntityTypeConfiguration<Notification>
    {
        public void Configure(EntityTypeBuilder<Notification> builder)
        {
            builder.ToTable("Notifications");
            builder.HasKey(n => n.Id);
            builder.Property(n => n.CampaignName).HasMaxLength(Campaign.MaxNameLength);
            builder.Property(n => n.Title).HasMaxLength(MaxTitleLength);
            builder.Property(n => n.Message).HasMaxLength(MaxMessageLength);
            builder.Property(n => n.Key).HasMaxLength(MaxKeyLength);
            builder.Ignore(n => n.IsRead);
            builder.Property(n => n.EmailError).HasMaxLength(MaxEmailErrorLength);
            builder.HasOne<AppUser>().WithMany().HasForeignKey(n => n.UserId).OnDelete(DeleteBehavior.Cascade);
            builder.HasOne<Campaign>().WithMany().HasForeignKey(n => n.CampaignId).OnDelete(DeleteBehavior.Cascade);

            // Once per person: a second insert of the same key for the same person is refused.
            builder.HasIndex(n => new { n.UserId, n.Key }).IsUnique();
            // "Was this announced to anyone yet?" (the upcoming scan asks it for every campaign within a lead time).
            builder.HasIndex(n => n.Key);
            // Emails to (re)try: the retry scan reads the few rows whose time has come.
            builder.HasIndex(n => n.EmailNextAttemptUtc);
            // The bell's unread count, and the page: one person's shown notifications, newest first.
            builder.HasIndex(n => new { n.UserId, n.InApp, n.ReadUtc });
            builder.HasIndex(n => new { n.UserId, n.InApp, n.CreatedUtc });
        }
    }
}
