using CampaignStudio.Data;
using CampaignStudio.Features.Notifications;
using CampaignStudio.Features.Notifications.Email;
using CampaignStudio.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static CampaignStudio.Tests.Features.Notifications.NotificationWorld;

namespace CampaignStudio.Tests.Features.Notifications.Email;

/// <summary>"Also by email" through a real SMTP server on loopback: sent to those who asked, a refusal recorded and retried later, given up after the configured tries.</summary>
public abstract class NotificationEmailTests(DatabaseKind kind)
{
    public sealed class OnSqlite() : NotificationEmailTests(DatabaseKind.Sqlite);

    public sealed class OnMySql() : NotificationEmailTests(DatabaseKind.MySql);

    [Fact]
    public async Task Notify_WithSmtpConfigured_EmailsOnlyThoseWhoAskedForThatKind_OverSmtp()
    {
        await using var smtp = await SmtpTestServer.StartAsync();
        await using var world = await StartAsync(kind, settings: Settings(smtp));
        await world.AsAsync(Max, s => s.SetPreferenceAsync(NotificationKind.Completed, inApp: true, byEmail: true));
        await world.AsAsync(Adi, s => s.SetPreferenceAsync(NotificationKind.Completed, inApp: false, byEmail: true));
        await world.AsAsync(Ada, s => s.SetPreferenceAsync(NotificationKind.Failed, inApp: true, byEmail: true));

        await world.NotifyAsync(world.Notification(NotificationKind.Completed, title: "Diwali offer finished sending"));

        var messages = await smtp.WaitForMessagesAsync(2);
        Assert.Equal([Adi, Max], messages.SelectMany(m => m.Recipients).Order(StringComparer.Ordinal));
        var mime = messages[0].Parse();
        Assert.Equal("Diwali offer finished sending", mime.Subject);
        Assert.Equal("notifications@acme.example", messages[0].MailFrom);
        Assert.Contains("Something happened to Diwali offer", mime.TextBody);
        Assert.Empty(await world.OutboxAsync());
        var rows = await world.RowsAsync();
        Assert.All(rows.Where(r => r.ByEmail), r => Assert.Equal((1, (string?)null, (DateTime?)null), (r.EmailAttempts, r.EmailError, r.EmailNextAttemptUtc)));
        Assert.All(rows.Where(r => r.ByEmail), r => Assert.NotNull(r.EmailSentUtc));
        Assert.Equal(2, rows.Count(r => r.ByEmail));
    }

    [Fact]
    public async Task Notify_SmtpRefuses_FailureIsRecorded_RetriedAfterItsWait_ThenGivenUpAfterTheLastTry()
    {
        await using var smtp = await SmtpTestServer.StartAsync();
        var settings = Settings(smtp);
        settings["Notifications:EmailMaxAttempts"] = "3";
        settings["Notifications:EmailRetryBaseSeconds"] = "60";
        await using var world = await StartAsync(kind, settings: settings);
        await world.AsAsync(Max, s => s.SetPreferenceAsync(NotificationKind.Failed, inApp: true, byEmail: true));
        await world.AsAsync(Adi, s => s.SetPreferenceAsync(NotificationKind.Failed, inApp: true, byEmail: true));
        smtp.RefuseRecipient(Max, "451 4.3.0 Mailbox busy, try later");
        smtp.RefuseRecipient(Adi, "550 5.1.1 No such user");
        var start = world.Clock.GetUtcNow().UtcDateTime;
        var emailer = world.App.Services.GetRequiredService<NotificationEmailer>();

        await world.NotifyAsync(world.Notification(NotificationKind.Failed, title: "Diwali offer failed"));

        var max = await RowAsync(world, Max);
        Assert.Equal((1, (DateTime?)null, start.AddSeconds(60)), (max.EmailAttempts, max.EmailSentUtc, max.EmailNextAttemptUtc));
        Assert.Contains("Try 1 failed", max.EmailError);
        Assert.Contains("Mailbox busy", max.EmailError);

        // Not before its time; then Max's mailbox is back and Adi's still refuses.
        world.Clock.SetUtcNow(start.AddSeconds(59));
        Assert.Equal(0, await emailer.RetryDueAsync(CancellationToken.None));
        smtp.ClearRules();
        smtp.RefuseRecipient(Adi, "550 5.1.1 No such user");
        world.Clock.SetUtcNow(start.AddSeconds(60));
        Assert.Equal(1, await emailer.RetryDueAsync(CancellationToken.None));
        max = await RowAsync(world, Max);
        Assert.Equal((2, (DateTime?)null, (string?)null), (max.EmailAttempts, max.EmailNextAttemptUtc, max.EmailError));
        Assert.NotNull(max.EmailSentUtc);
        Assert.Equal([Max], (await smtp.WaitForMessagesAsync(1)).SelectMany(m => m.Recipients));

        var adi = await RowAsync(world, Adi);
        Assert.Equal((2, start.AddSeconds(60 + 120)), (adi.EmailAttempts, adi.EmailNextAttemptUtc));
        world.Clock.SetUtcNow(start.AddSeconds(180));
        Assert.Equal(0, await emailer.RetryDueAsync(CancellationToken.None));
        adi = await RowAsync(world, Adi);
        Assert.Equal((3, (DateTime?)null, (DateTime?)null), (adi.EmailAttempts, adi.EmailNextAttemptUtc, adi.EmailSentUtc));
        Assert.StartsWith("Given up after 3 tries", adi.EmailError);
        Assert.Contains("No such user", adi.EmailError);

        // Given up means left alone: later scans do not try again; the in-app notification stands.
        world.Clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal(0, await emailer.RetryDueAsync(CancellationToken.None));
        Assert.Equal(1, await world.UnreadAsync(Adi));
    }

    private static Dictionary<string, string?> Settings(SmtpTestServer smtp) => new(smtp.ChannelSettings()) { ["Notifications:EmailFrom"] = "notifications@acme.example" };

    private static async Task<Notification> RowAsync(NotificationWorld world, string email)
    {
        await using var db = await world.App.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        return await db.Notifications.AsNoTracking().SingleAsync(n => n.UserId == world.Id(email));
    }
}
