using CampaignStudio.Features.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CampaignStudio.Features.Notifications;

/// <summary>
/// How one person wants to hear of one kind of notification. No row means the defaults: in the app, not by email
/// (<see cref="DefaultInApp"/>, <see cref="DefaultByEmail"/>).
/// </summary>
public sealed class NotificationPreference
{
    public const bool DefaultInApp = true;
    public const bool DefaultByEmail = false;

    private NotificationPreference()
    {
    }

    public NotificationPreference(string userId, NotificationKind kind, bool inApp, bool byEmail, DateTime nowUtc)
    {
        UserId = userId;
        Kind = kind;
        Change(inApp, byEmail, nowUtc);
    }

    public string UserId { get; private set; } = "";

    public NotificationKind Kind { get; private set; }

    public bool InApp { get; private set; }

    public bool ByEmail { get; private set; }

    public DateTime UpdatedUtc { get; private set; }

    /// <summary>Neither in the app nor by email: the person is not told of this kind at all.</summary>
    public bool IsOff => !InApp && !ByEmail;

    public void Change(bool inApp, bool byEmail, DateTime nowUtc)
    {
        InApp = inApp;
        ByEmail = byEmail;
        UpdatedUtc = nowUtc;
    }

    internal sealed class Configuration : IEntityTypeConfiguration<NotificationPreference>
    {
        public void Configure(EntityTypeBuilder<NotificationPreference> builder)
        {
            builder.ToTable("NotificationPreferences");
            builder.HasKey(p => new { p.UserId, p.Kind });
            builder.Ignore(p => p.IsOff);
            builder.HasOne<AppUser>().WithMany().HasForeignKey(p => p.UserId).OnDelete(DeleteBehavior.Cascade);
        }
    }
}
