using CampaignStudio.Data;
using CampaignStudio.Features.Campaigns;
using CampaignStudio.Features.Delivery;
using CampaignStudio.Features.Outbox;
using CampaignStudio.Features.Shared;
using CampaignStudio.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace CampaignStudio.Tests.Features.Delivery.Engine;

/// <summary>
/// A contact whose email body cannot be rendered (here: longer than the render limit allows) fails alone, with the
/// reason, through the real SMTP channel and the Outbox alike; nothing of it goes out, and everybody else gets theirs.
/// </summary>
public abstract class EmailRenderFailureTests(DatabaseKind kind)
{
    /// <summary>40 times the first name: about 300 characters for "Person5", over the limit for a first name of 80.</summary>
    private const string Html = "<p>Hi {{ contact.first_name }},</p><p>{% for i in (1..40) %}{{ contact.first_name }} {% endfor %}</p><p><a href=\"{{ unsubscribe_url }}\">Unsubscribe</a></p>";

    private static readonly Dictionary<string, string?> Limit = new() { ["Campaigns:Liquid:MaxOutputLength"] = "2000" };

    public sealed class OnSqlite() : EmailRenderFailureTests(DatabaseKind.Sqlite)
    {
        [Fact]
        public async Task Outbox_ContactWhoseBodyCannotBeRendered_FailsAlone()
        {
            await using var world = await EngineWorld.StartAsync(DatabaseKind.Sqlite, Limit, scriptedEmail: false);
            await AddContactsAsync(world);

            var id = await world.ScheduleCampaignAsync("Long names", [Channel.Email], html: Html);

            Assert.Equal(CampaignStatus.Completed, await world.WaitForStatusAsync(id, CampaignStatus.Completed));
            var rows = await world.RowsAsync(id);
            AssertOnlyTheLongNameFailed(rows, DeliveryStatus.Outboxed);
            await using var db = await world.ContextAsync();
            var stored = await db.OutboxMessages.Where(m => m.CampaignId == id).ToListAsync();
            Assert.Equal(11, stored.Count);
            Assert.All(stored, m => Assert.Contains("Person", m.HtmlBody, StringComparison.Ordinal));
        }
    }

    public sealed class OnMySql() : EmailRenderFailureTests(DatabaseKind.MySql);

    [Fact]
    public async Task Smtp_ContactWhoseBodyCannotBeRendered_FailsAloneWithTheReason_NothingOfItGoesOut()
    {
        await using var server = await SmtpTestServer.StartAsync();
        var settings = new Dictionary<string, string?>(server.ChannelSettings(), StringComparer.Ordinal);
        foreach (var (key, value) in Limit)
        {
            settings[key] = value;
        }

        await using var world = await EngineWorld.StartAsync(kind, settings, scriptedEmail: false);
        await AddContactsAsync(world);

        var id = await world.ScheduleCampaignAsync("Long names", [Channel.Email], html: Html);

        Assert.Equal(CampaignStatus.Completed, await world.WaitForStatusAsync(id, CampaignStatus.Completed));
        AssertOnlyTheLongNameFailed(await world.RowsAsync(id), DeliveryStatus.Sent);
        var received = await server.WaitForMessagesAsync(11);
        Assert.Equal(11, received.Count);
        Assert.DoesNotContain(received, m => m.Recipients.Contains("c5@example.test", StringComparer.OrdinalIgnoreCase));
        Assert.All(received, m => Assert.Contains("Person", m.Parse().HtmlBody, StringComparison.Ordinal));
    }

    private static Task AddContactsAsync(EngineWorld world) =>
        world.AddContactsAsync(12, (n, c) =>
        {
            if (n == 5)
            {
                c.FirstName = new string('x', 80);
            }
        });

    private static void AssertOnlyTheLongNameFailed(List<DeliveryRecord> rows, DeliveryStatus others)
    {
        Assert.Equal(12, rows.Count);
        var failed = Assert.Single(rows, r => r.Status == DeliveryStatus.Failed);
        Assert.Contains("could not be rendered for this contact", failed.Error, StringComparison.Ordinal);
        Assert.Contains("longer than 2,000 characters", failed.Error, StringComparison.Ordinal);
        Assert.Equal(11, rows.Count(r => r.Status == others));
    }
}
