using CampaignStudio.Features.Audience.Contacts;
using CampaignStudio.Features.Campaigns;
using CampaignStudio.Features.Outbox;
using CampaignStudio.Features.Shared;
using CampaignStudio.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using static CampaignStudio.Tests.Features.Campaigns.CampaignWorld;

namespace CampaignStudio.Tests.Features.Outbox;

/// <summary>Test sends and the Outbox on a real database: checked recipients, rendered personalisation, "not sent".</summary>
public abstract class TestSendTests(TestSendTests.SendWorld world)
{
    public sealed class OnSqlite(SendWorld.OnSqlite world) : TestSendTests(world), IClassFixture<SendWorld.OnSqlite>;

    public sealed class OnMySql(SendWorld.OnMySql world) : TestSendTests(world), IClassFixture<SendWorld.OnMySql>;

    [Fact]
    public async Task SendTest_Email_RendersWithTheSampleContactSanitisesAndRecordsNotSent()
    {
        var results = await world.SendAsync(Channel.Email, ["qa@acme.example", " lead@acme.example "]);

        Assert.Equal(["qa@acme.example", "lead@acme.example"], results.Select(r => r.Recipient));
        Assert.All(results, r => Assert.False(r.Sent));
        Assert.All(results, r => Assert.Equal("Not sent: no provider is configured for this channel", r.Status));
        var message = await world.MessageAsync(results[0].OutboxMessageId!.Value);
        Assert.Equal(("Hello Asha", Channel.Email, true, world.CampaignId), (message.Subject, message.Channel, message.IsTest, (int?)message.CampaignId));
        Assert.Contains("Hi Asha from Patil Cement Depot", message.HtmlBody);
        Assert.DoesNotContain("<script", message.HtmlBody, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Hi Asha from Patil Cement Depot", message.TextBody);
        Assert.Equal(ManagerName, message.CreatedByName);
    }

    [Fact]
    public async Task SendTest_AsAChosenContact_RendersThatContact()
    {
        var results = await world.SendAsync(Channel.Sms, ["+91 98200 12345"], world.BharatId);

        Assert.Equal("+919820012345", Assert.Single(results).Recipient);
        var message = await world.MessageAsync(results[0].OutboxMessageId!.Value);
        Assert.Equal("Bharat, festive prices until Sunday.", message.TextBody);
        Assert.Null(message.HtmlBody);
    }

    [Theory]
    [InlineData(Channel.Email, "not-an-email", "'not-an-email' is not a valid email address.")]
    [InlineData(Channel.Sms, "98200 12345", "'98200 12345' has no country code: give it in international form with its country code, e.g. +919820012345.")]
    [InlineData(Channel.Sms, "+91 12", "'+91 12' is not a valid phone number: give it in international form with its country code, e.g. +919820012345.")]
    public async Task SendTest_BadRecipient_IsRefusedWithItsReason(Channel channel, string recipient, string message)
    {
        var before = await world.CountAsync();

        var refused = await Assert.ThrowsAsync<ValidationFailedException>(() => world.SendAsync(channel, ["ok@acme.example", recipient]));

        Assert.Contains(message, refused.Errors["recipients"]);
        Assert.Equal(before, await world.CountAsync());
    }

    [Fact]
    public async Task SendTest_MoreThanTenRecipients_IsRefused()
    {
        var eleven = Enumerable.Range(1, 11).Select(i => $"qa{i}@acme.example").ToList();

        var refused = await Assert.ThrowsAsync<ValidationFailedException>(() => world.SendAsync(Channel.Email, eleven));

        Assert.Equal(["Send a test to at most 10 recipients at a time (11 given)."], refused.Errors["recipients"]);
        Assert.Equal(10, (await world.SendAsync(Channel.Email, eleven[..10])).Count);
    }

    [Fact]
    public async Task SendTest_OnAChannelTheCampaignDoesNotUse_IsRefused()
    {
        var refused = await Assert.ThrowsAsync<ValidationFailedException>(() => world.SendAsync(Channel.Push, ["abcdefghijklmnopqrstuvwxyz0123456789"]));

        Assert.Contains("does not send on Push", refused.Errors["channel"][0]);
    }

    [Fact]
    public async Task SendTest_ByAnAnalyst_IsForbiddenAndRecordsNothing()
    {
        var before = await world.CountAsync();

        await Assert.ThrowsAsync<ForbiddenException>(() => AsAsync<TestSendService, IReadOnlyList<TestSendResult>>(
            world.App, AnalystEmail, s => s.SendTestAsync(world.CampaignId, Channel.Email, ["qa@acme.example"])));

        Assert.Equal(before, await world.CountAsync());
    }

    [Fact]
    public async Task Outbox_ListsNewestFirst_AnalystsMayReadButNotClear()
    {
        await world.SendAsync(Channel.Email, ["first@acme.example"]);
        await world.SendAsync(Channel.Sms, ["+919820012345"]);

        var page = await AsAsync<OutboxService, OutboxPage>(world.App, AnalystEmail, s => s.ListAsync(0, 2));

        Assert.Equal(["+919820012345", "first@acme.example"], page.Rows.Select(r => r.Recipient));
        Assert.All(page.Rows, r => Assert.Equal(("Diwali test", true), (r.CampaignName, r.IsTest)));
        await Assert.ThrowsAsync<ForbiddenException>(() => AsAsync<OutboxService, int>(world.App, AnalystEmail, s => s.ClearAsync()));
    }

    public abstract class SendWorld(DatabaseKind kind) : IAsyncLifetime
    {
        public sealed class OnSqlite() : SendWorld(DatabaseKind.Sqlite);

        public sealed class OnMySql() : SendWorld(DatabaseKind.MySql);

        private readonly FakeTimeProvider clock = Clock();

        public TestApp App { get; private set; } = null!;

        public int CampaignId { get; private set; }

        public long BharatId { get; private set; }

        public async Task InitializeAsync()
        {
            App = await StartAsync(kind, clock);
            var world = await SeedAsync(App);
            var content = new CampaignContentInput
            {
                Channels = [Channel.Email, Channel.Sms],
                Content = new CampaignContent
                {
                    Email = new EmailContent
                    {
                        SenderId = world.VerifiedSender,
                        Subject = "Hello {{ contact.first_name }}",
                        HtmlBody = "<p>Hi {{ contact.first_name }} from {{ contact.company }}</p><script>alert(1)</script>",
                    },
                    Sms = new SmsContent { Text = "{{ contact.first_name }}, festive prices until Sunday." },
                },
            };
            var campaign = await AsManagerAsync(App, async s =>
            {
                var draft = await s.CreateDraftAsync(new CampaignBasicsInput { Name = "Diwali test" });
                return await s.SaveContentAsync(draft.Id, content, draft.Revision, 2);
            });
            CampaignId = campaign.Id;
            var contacts = await AsAsync<ContactDirectory, ContactPage>(App, ManagerEmail, d => d.ListAsync(new ContactQuery("Bharat")));
            BharatId = contacts.Rows.Single().Id;
        }

        public async Task DisposeAsync() => await App.DisposeAsync();

        public Task<IReadOnlyList<TestSendResult>> SendAsync(Channel channel, IReadOnlyList<string> recipients, long? contactId = null) =>
            AsAsync<TestSendService, IReadOnlyList<TestSendResult>>(App, ManagerEmail, s => s.SendTestAsync(CampaignId, channel, recipients, contactId));

        public Task<OutboxMessageDetails> MessageAsync(long id) => AsAsync<OutboxService, OutboxMessageDetails>(App, ManagerEmail, s => s.GetAsync(id));

        public async Task<int> CountAsync() => (await AsAsync<OutboxService, OutboxPage>(App, ManagerEmail, s => s.ListAsync(0, 1))).Total;
    }
}
