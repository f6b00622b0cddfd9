using MailKit.Net.Smtp;
using MimeKit;

namespace CampaignStudio.Features.Delivery.Channels.Email;

/// <summary>One open, authenticated SMTP session lent by <see cref="SmtpConnectionPool"/> to one sender at a time.</summary>
public sealed class PooledSmtpConnection : IDisposable
{
    private readonly SmtpClient client;

    internal PooledSmtpConnection(SmtpClient client, long number, long openedAt)
    {
        this.client = client;
        Number = number;
        LastUsedAt = openedAt;
    }

    /// <summary>1 for the first connection the pool opened, and so on.</summary>
    public long Number { get; }

    public int MessagesSent { get; private set; }

    public bool IsConnected => client.IsConnected;

    /// <summary>When it last talked to the server (<see cref="TimeProvider.GetTimestamp"/> ticks).</summary>
    internal long LastUsedAt { get; set; }

    /// <summary>Sends one message; the server's refusal throws <see cref="SmtpCommandException"/> and leaves the session usable.</summary>
    public async Task<string> SendAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        var response = await client.SendAsync(message, cancellationToken);
        MessagesSent++;
        return response;
    }

    /// <summary>True when the server still answers (NOOP).</summary>
    internal async Task<bool> AnswersAsync(CancellationToken cancellationToken)
    {
        if (!client.IsConnected)
        {
            return false;
        }

        try
        {
            await client.NoOpAsync(cancellationToken);
            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    /// <summary>Says QUIT when it can, then closes; never throws.</summary>
    internal async Task CloseAsync()
    {
        try
        {
            if (client.IsConnected)
            {
                using var quick = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await client.DisconnectAsync(quit: true, quick.Token);
            }
        }
        catch (Exception)
        {
            // The server went away first: nothing left to close politely.
        }
        finally
        {
            client.Dispose();
        }
    }

    public void Dispose() => client.Dispose();
}
