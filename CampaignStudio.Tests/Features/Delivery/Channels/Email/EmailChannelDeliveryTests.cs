using CampaignStudio.Features.Delivery.Channels;
using CampaignStudio.Features.Delivery.Channels.Email;
using CampaignStudio.Tests.TestSupport;
using Microsoft.Extensions.Time.Testing;
using static CampaignStudio.Tests.Features.Delivery.Channels.Email.EmailChannelWorld;

namespace CampaignStudio.Tests.Features.Delivery.Channels.Email;

/// <summary>How the channel talks to a real SMTP server: TLS, authentication, refusals, a server that goes away, the pool.</summary>
public sealed class EmailChannelDeliveryTests
{
    private const string User = "campaigns";
    private const string Password = "s3cret-relay-pass";

    [Fact]
    public async Task Send_StartTlsRequiredButNotOffered_TransientWithAClearReasonAndNothingSentInClear()
    {
        await using var smtp = await SmtpTestServer.StartAsync();
        var options = smtp.ChannelOptions();
        options.Security = SmtpSecurity.StartTls;
        options.UserName = User;
        options.Password = Password;
        var channel = NewChannel(options, out var pool);
        await using var _ = pool;

        var results = await channel.SendAsync(NewEmails(5), CancellationToken.None);

        Assert.All(results, r => Assert.Equal(SendOutcome.Transient, r.Outcome));
        Assert.All(results, r => Assert.Equal(
            $"SMTP server 127.0.0.1:{smtp.Port} does not offer STARTTLS, which Channels:Smtp:Security StartTls requires; nothing was sent. Enable TLS on the server, or choose another Security for a trusted relay.",
            r.Error));
        Assert.Empty(smtp.MailCommands);
        Assert.Empty(smtp.AuthAttempts);
        Assert.Empty(smtp.Messages);
    }

    [Fact]
    public async Task Send_StartTlsAndAuthWithTheCertificateTrustedByThumbprint_ArrivesEncryptedAndAuthenticated()
    {
        await using var smtp = await SmtpTestServer.StartAsync(new() { OfferStartTls = true, RequireStartTls = true, UserName = User, Password = Password });
        var channel = NewChannel(smtp.ChannelOptions(), out var pool);
        await using var _ = pool;

        var results = await channel.SendAsync(NewEmails(4), CancellationToken.None);

        Assert.All(results, r => Assert.True(r.Outcome == SendOutcome.Accepted, r.Error));
        var received = await smtp.WaitForMessagesAsync(4);
        Assert.All(received, m => Assert.Equal((true, User), (m.OverTls, m.AuthenticatedAs)));
        Assert.All(smtp.AuthAttempts, a => Assert.Equal((User, true, true), a));
        Assert.All(smtp.MailCommands, m => Assert.True(m.OverTls));
    }

    [Fact]
    public async Task Send_CertificateNotTrusted_TransientNamingTheCertificateAndTheSetting()
    {
        await using var smtp = await SmtpTestServer.StartAsync(new() { OfferStartTls = true, UserName = User, Password = Password });
        var options = smtp.ChannelOptions();
        options.TrustedCertificateThumbprints = [];
        var channel = NewChannel(options, out var pool);
        await using var _ = pool;

        var result = Assert.Single(await channel.SendAsync(NewEmails(1), CancellationToken.None));

        Assert.Equal(SendOutcome.Transient, result.Outcome);
        Assert.StartsWith($"TLS with SMTP server 127.0.0.1:{smtp.Port} failed: the server's certificate 'CN=smtp-test.localhost' (SHA-256 {smtp.CertificateThumbprint}) is not trusted", result.Error);
        Assert.EndsWith("add the thumbprint to Channels:Smtp:TrustedCertificateThumbprints.", result.Error);
        Assert.Empty(smtp.AuthAttempts);
        Assert.Empty(smtp.Messages);
    }

    [Fact]
    public async Task Send_WrongPassword_TransientSayingAuthenticationWasRefused()
    {
        await using var smtp = await SmtpTestServer.StartAsync(new() { OfferStartTls = true, UserName = User, Password = Password });
        var options = smtp.ChannelOptions();
        options.Password = "wrong";
        var channel = NewChannel(options, out var pool);
        await using var _ = pool;

        var results = await channel.SendAsync(NewEmails(3), CancellationToken.None);

        Assert.All(results, r => Assert.Equal(SendOutcome.Transient, r.Outcome));
        Assert.All(results, r => Assert.Equal($"SMTP server 127.0.0.1:{smtp.Port} refused authentication as 'campaigns': 535: 5.7.8 Authentication credentials invalid", r.Error));
        Assert.Empty(smtp.Messages);
    }

    [Fact]
    public async Task Send_RecipientRefusedWith550_InvalidRecipientAndTheRestOfTheBatchArrivesOnTheSameSession()
    {
        await using var smtp = await SmtpTestServer.StartAsync();
        smtp.RefuseRecipient("contact2@example.test", "550 5.1.1 <contact2@example.test>: Recipient address rejected: User unknown");
        var channel = NewChannel(smtp.ChannelOptions(poolSize: 1), out var pool);
        await using var _ = pool;

        var results = await channel.SendAsync(NewEmails(4), CancellationToken.None);

        Assert.Equal([SendOutcome.Accepted, SendOutcome.InvalidRecipient, SendOutcome.Accepted, SendOutcome.Accepted], results.Select(r => r.Outcome));
        Assert.Equal("SMTP 550 5.1.1 <contact2@example.test>: Recipient address rejected: User unknown (RCPT TO)", results[1].Error);
        Assert.Equal(["contact1@example.test", "contact3@example.test", "contact4@example.test"], (await smtp.WaitForMessagesAsync(3)).SelectMany(m => m.Recipients));
        Assert.Equal(1, smtp.ConnectionCount);
    }

    [Theory]
    [InlineData("550 5.7.1 Relaying denied", SendOutcome.Permanent)]
    [InlineData("553 Mailbox name not allowed", SendOutcome.InvalidRecipient)]
    [InlineData("551 User not local", SendOutcome.InvalidRecipient)]
    [InlineData("552 5.2.2 Mailbox full", SendOutcome.Permanent)]
    [InlineData("554 5.1.2 Bad destination system address", SendOutcome.InvalidRecipient)]
    [InlineData("451 4.3.0 Try again later", SendOutcome.Transient)]
    [InlineData("450 4.2.1 Mailbox busy", SendOutcome.Transient)]
    public async Task Send_RecipientRefused_OutcomeFollowsTheReplyCode(string reply, SendOutcome expected)
    {
        await using var smtp = await SmtpTestServer.StartAsync();
        smtp.RefuseRecipient("asha@example.test", reply);
        var channel = NewChannel(smtp.ChannelOptions(), out var pool);
        await using var _ = pool;

        var result = Assert.Single(await channel.SendAsync([NewEmail(1)], CancellationToken.None));

        Assert.Equal((expected, $"SMTP {reply} (RCPT TO)"), (result.Outcome, result.Error));
    }

    [Fact]
    public async Task Send_ServerTemporarilyRefusingEveryone_TransientUntilItAcceptsAgain()
    {
        await using var smtp = await SmtpTestServer.StartAsync();
        smtp.RefuseAllRecipients("451 4.7.1 Greylisted, try again in 5 minutes");
        var channel = NewChannel(smtp.ChannelOptions(), out var pool);
        await using var _ = pool;

        var refused = await channel.SendAsync(NewEmails(3), CancellationToken.None);
        smtp.ClearRules();
        var accepted = await channel.SendAsync(NewEmails(3), CancellationToken.None);

        Assert.All(refused, r => Assert.Equal((SendOutcome.Transient, "SMTP 451 4.7.1 Greylisted, try again in 5 minutes (RCPT TO)"), (r.Outcome, r.Error)));
        Assert.All(accepted, r => Assert.Equal(SendOutcome.Accepted, r.Outcome));
        Assert.Equal(3, (await smtp.WaitForMessagesAsync(3)).Count);
    }

    [Fact]
    public async Task Send_MessageRefusedAtData_PermanentWithTheServersWords()
    {
        await using var smtp = await SmtpTestServer.StartAsync();
        smtp.RefuseData("554 5.6.0 Message content rejected");
        var channel = NewChannel(smtp.ChannelOptions(), out var pool);
        await using var _ = pool;

        var result = Assert.Single(await channel.SendAsync([NewEmail(1)], CancellationToken.None));

        Assert.Equal((SendOutcome.Permanent, "SMTP 554 5.6.0 Message content rejected (DATA)"), (result.Outcome, result.Error));
    }

    [Fact]
    public async Task Send_ServerDown_TransientForEveryMessageSayingWhy()
    {
        await using var smtp = await SmtpTestServer.StartAsync();
        await smtp.StopAsync();
        var channel = NewChannel(smtp.ChannelOptions(poolSize: 4), out var pool);
        await using var _ = pool;

        var results = await channel.SendAsync(NewEmails(25), CancellationToken.None);

        Assert.Equal(Enumerable.Range(1, 25).Select(i => (long)i), results.Select(r => r.DeliveryId));
        Assert.All(results, r => Assert.Equal(SendOutcome.Transient, r.Outcome));
        Assert.All(results, r => Assert.Equal($"SMTP server 127.0.0.1:{smtp.Port} unreachable: Connection refused", r.Error));
    }

    [Fact]
    public async Task Send_ServerThatNeverGreets_TransientAfterTheTimeout()
    {
        using var silent = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        silent.Start();
        var port = ((System.Net.IPEndPoint)silent.LocalEndpoint).Port;
        var channel = NewChannel(new SmtpOptions { Host = "127.0.0.1", Port = port, Security = SmtpSecurity.None, TimeoutSeconds = 1, PoolSize = 2 }, out var pool);
        await using var _ = pool;

        var results = await channel.SendAsync(NewEmails(3), CancellationToken.None);

        Assert.All(results, r => Assert.Equal((SendOutcome.Transient, $"SMTP server 127.0.0.1:{port} did not answer within 1 s (while trying to connect)."), (r.Outcome, r.Error)));
    }

    [Fact]
    public async Task Send_ServerSilentAfterTheMessageBeyondTheTimeout_TransientInAboutTheTimeout_AndTheSessionIsNotReused()
    {
        await using var smtp = await SmtpTestServer.StartAsync();
        smtp.DelayData(TimeSpan.FromSeconds(6));
        var options = smtp.ChannelOptions(poolSize: 1);
        options.TimeoutSeconds = 1;
        var channel = NewChannel(options, out var pool);
        await using var _ = pool;
        var watch = System.Diagnostics.Stopwatch.StartNew();

        var results = await channel.SendAsync(NewEmails(1), CancellationToken.None);

        Assert.Equal(SendOutcome.Transient, results.Single().Outcome);
        Assert.InRange(watch.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(5));
        smtp.DelayData(null);
        var again = await channel.SendAsync(NewEmails(1, firstId: 2), CancellationToken.None);
        Assert.Equal(SendOutcome.Accepted, again.Single().Outcome);
        Assert.Equal(2, pool.ConnectionsOpened);
    }

    [Fact]
    public async Task Send_ServerStopsMidBatch_EveryMessageHasAResultAndEveryAcceptedOneArrived()
    {
        await using var smtp = await SmtpTestServer.StartAsync();
        smtp.DelayData(TimeSpan.FromMilliseconds(100));
        var channel = NewChannel(smtp.ChannelOptions(poolSize: 2), out var pool);
        await using var _ = pool;

        var sending = channel.SendAsync(NewEmails(30), CancellationToken.None);
        await smtp.WaitForMessagesAsync(4);
        await smtp.StopAsync();
        var results = await sending;

        Assert.Equal(30, results.Count);
        var accepted = results.Where(r => r.Outcome == SendOutcome.Accepted).Select(r => r.ProviderMessageId).ToHashSet();
        Assert.Subset(smtp.Messages.Select(m => m.Parse().MessageId).ToHashSet(), accepted);
        Assert.All(results.Where(r => r.Outcome != SendOutcome.Accepted), r => Assert.Equal(SendOutcome.Transient, r.Outcome));
        Assert.InRange(results.Count(r => r.Outcome == SendOutcome.Transient), 10, 26);
    }

    [Fact]
    public async Task Send_AfterTheServerRestarted_DeadPooledSessionsAreReplacedAndEverythingArrives()
    {
        await using var smtp = await SmtpTestServer.StartAsync();
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var channel = NewChannel(smtp.ChannelOptions(poolSize: 2), out var pool, clock);
        await using var _ = pool;
        Assert.All(await channel.SendAsync(NewEmails(4), CancellationToken.None), r => Assert.Equal(SendOutcome.Accepted, r.Outcome));

        await smtp.StopAsync();
        await smtp.StartAgainAsync();
        clock.Advance(SmtpConnectionPool.IdleCheckAfter + TimeSpan.FromSeconds(1));
        var results = await channel.SendAsync(NewEmails(4, firstId: 5), CancellationToken.None);

        Assert.All(results, r => Assert.True(r.Outcome == SendOutcome.Accepted, r.Error));
        Assert.Equal(8, (await smtp.WaitForMessagesAsync(8)).Count);
        Assert.Equal(4, pool.ConnectionsOpened);
    }

    [Fact]
    public async Task Send_TwoHundredMessagesInConcurrentBatches_UseAtMostPoolSizeSessions()
    {
        await using var smtp = await SmtpTestServer.StartAsync();
        var channel = NewChannel(smtp.ChannelOptions(poolSize: 4), out var pool);
        await using var _ = pool;

        var first = await Task.WhenAll(Enumerable.Range(0, 4).Select(b => channel.SendAsync(NewEmails(25, firstId: 1 + (b * 25)), CancellationToken.None)));
        var second = await Task.WhenAll(Enumerable.Range(0, 4).Select(b => channel.SendAsync(NewEmails(25, firstId: 101 + (b * 25)), CancellationToken.None)));

        Assert.All(first.Concat(second).SelectMany(r => r), r => Assert.True(r.Outcome == SendOutcome.Accepted, r.Error));
        var received = await smtp.WaitForMessagesAsync(200);
        Assert.Equal(200, received.Select(m => m.Recipients[0]).Distinct().Count());
        Assert.InRange(smtp.ConnectionCount, 1, 4);
        Assert.InRange(pool.ConnectionsOpened, 1, 4);
    }

    [Fact]
    public async Task Send_MoreThanMaxMessagesPerConnection_OpensAFreshSessionAfterEachShare()
    {
        await using var smtp = await SmtpTestServer.StartAsync();
        var options = smtp.ChannelOptions(poolSize: 1);
        options.MaxMessagesPerConnection = 10;
        var channel = NewChannel(options, out var pool);
        await using var _ = pool;

        var results = await channel.SendAsync(NewEmails(25), CancellationToken.None);

        Assert.All(results, r => Assert.Equal(SendOutcome.Accepted, r.Outcome));
        Assert.Equal(25, (await smtp.WaitForMessagesAsync(25)).Count);
        Assert.Equal(3, smtp.ConnectionCount);
    }

    [Fact]
    public async Task WarmUp_OpensOneAuthenticatedSessionThatTheFirstMessagesUse()
    {
        await using var smtp = await SmtpTestServer.StartAsync(new() { OfferStartTls = true, UserName = User, Password = Password });
        var channel = NewChannel(smtp.ChannelOptions(poolSize: 1), out var pool);
        await using var _ = pool;

        Assert.Null(await channel.WarmUpAsync(CancellationToken.None));
        Assert.Equal((1L, 1), (pool.ConnectionsOpened, smtp.ConnectionCount));
        var results = await channel.SendAsync(NewEmails(3), CancellationToken.None);

        Assert.All(results, r => Assert.True(r.Outcome == SendOutcome.Accepted, r.Error));
        Assert.Equal(3, (await smtp.WaitForMessagesAsync(3)).Count);
        Assert.Equal((1L, 1), (pool.ConnectionsOpened, smtp.ConnectionCount));
    }

    [Fact]
    public async Task WarmUp_ServerDownOrPasswordWrong_SaysWhyWithoutThrowing()
    {
        await using var smtp = await SmtpTestServer.StartAsync(new() { OfferStartTls = true, UserName = User, Password = Password });
        var options = smtp.ChannelOptions();
        options.Password = "wrong";
        var wrongPassword = NewChannel(options, out var pool);
        await using var _ = pool;

        Assert.Equal($"SMTP server 127.0.0.1:{smtp.Port} refused authentication as 'campaigns': 535: 5.7.8 Authentication credentials invalid", await wrongPassword.WarmUpAsync(CancellationToken.None));
        Assert.Empty(smtp.Messages);

        await smtp.StopAsync();
        var down = NewChannel(smtp.ChannelOptions(), out var otherPool);
        await using var __ = otherPool;
        Assert.Equal($"SMTP server 127.0.0.1:{smtp.Port} unreachable: Connection refused", await down.WarmUpAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Send_Cancelled_Throws()
    {
        await using var smtp = await SmtpTestServer.StartAsync();
        var channel = NewChannel(smtp.ChannelOptions(), out var pool);
        await using var _ = pool;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => channel.SendAsync(NewEmails(3), new CancellationToken(canceled: true)));
    }
}
