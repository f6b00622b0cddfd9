using System.Globalization;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;

namespace CampaignStudio.Features.Delivery.Channels.Email;

/// <summary>
/// At most <see cref="SmtpOptions.PoolSize"/> persistent, authenticated SMTP sessions, opened when first needed and
/// reused across batches. A session idle for a while is checked with NOOP before it is lent again and replaced when the
/// server dropped it; one that failed, or sent <see cref="SmtpOptions.MaxMessagesPerConnection"/> messages, is closed
/// on return. Connection failures surface as <see cref="SmtpConnectionFailedException"/> with a clear message.
/// Safe for concurrent callers; disposed (QUIT on every idle session) when the app stops.
/// </summary>
public sealed class SmtpConnectionPool : IAsyncDisposable
{
    /// <summary>
    /// A session idle longer than this is checked with NOOP before it is lent again (one round trip per batch and
    /// session), so a server that restarted or dropped idle sessions costs a reconnect, not a failed message.
    /// </summary>
    public static readonly TimeSpan IdleCheckAfter = TimeSpan.FromSeconds(1);

    private readonly SmtpOptions options;
    private readonly ILogger<SmtpConnectionPool> logger;
    private readonly TimeProvider clock;
    private readonly SemaphoreSlim slots;
    private readonly Stack<PooledSmtpConnection> idle = new();
    private readonly HashSet<string> trustedThumbprints;
    private readonly Lock gate = new();
    private long opened;
    private bool disposed;

    public SmtpConnectionPool(IOptions<SmtpOptions> options, ILogger<SmtpConnectionPool> logger, TimeProvider clock)
    {
        this.options = options.Value;
        this.logger = logger;
        this.clock = clock;
        slots = new SemaphoreSlim(this.options.PoolSize, this.options.PoolSize);
        trustedThumbprints = this.options.TrustedCertificateThumbprints.Select(SmtpOptionsValidator.NormalizeThumbprint).ToHashSet(StringComparer.Ordinal);
    }

    public int PoolSize => options.PoolSize;

    /// <summary>How many sessions this pool has opened since it started (reconnections included).</summary>
    public long ConnectionsOpened => Interlocked.Read(ref opened);

    /// <summary>
    /// Lends a session, waiting while <see cref="PoolSize"/> are lent out. Give it back with <see cref="ReturnAsync"/>.
    /// Throws <see cref="SmtpConnectionFailedException"/> when no session can be opened.
    /// </summary>
    public async Task<PooledSmtpConnection> RentAsync(CancellationToken cancellationToken)
    {
        await slots.WaitAsync(cancellationToken);
        try
        {
            while (TakeIdle() is { } connection)
            {
                if (clock.GetElapsedTime(connection.LastUsedAt) < IdleCheckAfter && connection.IsConnected)
                {
                    return connection;
                }

                bool answers;
                try
                {
                    answers = await connection.AnswersAsync(cancellationToken);
                }
                catch
                {
                    connection.Dispose();
                    throw;
                }

                if (answers)
                {
                    connection.LastUsedAt = clock.GetTimestamp();
                    return connection;
                }

                logger.LogInformation("SMTP connection #{Number} to {Endpoint} was closed by the server while idle; opening another.", connection.Number, options.Endpoint);
                connection.Dispose();
            }

            ObjectDisposedException.ThrowIf(IsDisposed, this);
            return await OpenAsync(cancellationToken);
        }
        catch
        {
            slots.Release();
            throw;
        }
    }

    /// <summary>
    /// Takes a session back. One that is <paramref name="broken"/> (a connection error, an unknown state) or has sent
    /// its share of messages is closed instead of kept.
    /// </summary>
    public async Task ReturnAsync(PooledSmtpConnection connection, bool broken)
    {
        try
        {
            var keep = !broken && connection.IsConnected && connection.MessagesSent < options.MaxMessagesPerConnection;
            if (keep)
            {
                connection.LastUsedAt = clock.GetTimestamp();
                lock (gate)
                {
                    if (!disposed)
                    {
                        idle.Push(connection);
                        return;
                    }
                }
            }

            if (broken)
            {
                connection.Dispose();
            }
            else
            {
                await connection.CloseAsync();
            }
        }
        finally
        {
            slots.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        List<PooledSmtpConnection> closing;
        lock (gate)
        {
            if (disposed)
            {
                return;
            }

            disposed = true;
            closing = [.. idle];
            idle.Clear();
        }

        await Task.WhenAll(closing.Select(c => c.CloseAsync()));
    }

    private bool IsDisposed
    {
        get
        {
            lock (gate)
            {
                return disposed;
            }
        }
    }

    private PooledSmtpConnection? TakeIdle()
    {
        lock (gate)
        {
            return idle.TryPop(out var connection) ? connection : null;
        }
    }

    private async Task<PooledSmtpConnection> OpenAsync(CancellationToken cancellationToken)
    {
        string? certificateProblem = null;
        var client = new SmtpClient
        {
            Timeout = (int)options.Timeout.TotalMilliseconds,
            ServerCertificateValidationCallback = (_, certificate, chain, errors) =>
            {
                if (errors == SslPolicyErrors.None || IsTrusted(certificate))
                {
                    return true;
                }

                certificateProblem = DescribeCertificateProblem(certificate, chain, errors);
                return false;
            },
        };
        if (!string.IsNullOrWhiteSpace(options.LocalDomain))
        {
            client.LocalDomain = options.LocalDomain;
        }

        var stage = "connect";
        Socket? socket = null;
        try
        {
            socket = await ConnectSocketAsync(cancellationToken);
            await client.ConnectAsync(new GatheringSocketStream(socket), options.Host!.Trim(), options.Port, SocketOptions(options.Security), cancellationToken);
            if (!string.IsNullOrWhiteSpace(options.UserName))
            {
                stage = "authenticate";
                await client.AuthenticateAsync(options.UserName, options.Password ?? "", cancellationToken);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            client.Dispose();
            socket?.Dispose();
            var failure = new SmtpConnectionFailedException(Describe(ex, stage, certificateProblem), ex);
            logger.LogWarning("{Failure}", failure.Message);
            throw failure;
        }
        catch
        {
            client.Dispose();
            socket?.Dispose();
            throw;
        }

        var number = Interlocked.Increment(ref opened);
        logger.LogDebug("SMTP connection #{Number} to {Endpoint} opened ({Security}).", number, options.Endpoint, options.Security);
        return new PooledSmtpConnection(client, number, clock.GetTimestamp());
    }

    /// <summary>
    /// The TCP connection, with Nagle's algorithm off: SMTP pipelines a command and then waits for the answer, and
    /// with Nagle the end of each message waits for the server's delayed ACK (about 40 ms), which capped a session at
    /// some 25 messages a second.
    /// </summary>
    private async Task<Socket> ConnectSocketAsync(CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Timeout);
        try
        {
            await socket.ConnectAsync(options.Host!.Trim(), options.Port, timeout.Token);
            return socket;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            socket.Dispose();
            throw new TimeoutException($"No TCP connection within {options.TimeoutSeconds.ToString(CultureInfo.InvariantCulture)} s.");
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static SecureSocketOptions SocketOptions(SmtpSecurity security) => security switch
    {
        SmtpSecurity.StartTls => SecureSocketOptions.StartTls,
        SmtpSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
        SmtpSecurity.StartTlsWhenAvailable => SecureSocketOptions.StartTlsWhenAvailable,
        SmtpSecurity.None => SecureSocketOptions.None,
        _ => throw new ArgumentOutOfRangeException(nameof(security), security, "Unknown SMTP security."),
    };

    private bool IsTrusted(X509Certificate? certificate)
    {
        if (certificate is null || trustedThumbprints.Count == 0)
        {
            return false;
        }

        var raw = certificate.GetRawCertData();
        return trustedThumbprints.Contains(Convert.ToHexString(SHA1.HashData(raw)))
            || trustedThumbprints.Contains(Convert.ToHexString(SHA256.HashData(raw)));
    }

    private static string DescribeCertificateProblem(X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (certificate is null)
        {
            return "the server sent no certificate";
        }

        var reasons = new List<string>();
        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch))
        {
            reasons.Add("its name does not match the host");
        }

        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateChainErrors))
        {
            var statuses = chain?.ChainStatus.Select(s => s.StatusInformation.Trim()).Where(s => s.Length > 0).Distinct().ToList() ?? [];
            reasons.Add(statuses.Count > 0 ? string.Join("; ", statuses) : "its chain is not trusted");
        }

        var sha256 = Convert.ToHexString(SHA256.HashData(certificate.GetRawCertData()));
        return $"the server's certificate '{certificate.Subject}' (SHA-256 {sha256}) is not trusted: {string.Join("; ", reasons)}";
    }

    private string Describe(Exception ex, string stage, string? certificateProblem)
    {
        var server = $"SMTP server {options.Endpoint}";
        var seconds = options.TimeoutSeconds.ToString(CultureInfo.InvariantCulture);
        return ex switch
        {
            SocketException socket when socket.SocketErrorCode == SocketError.TimedOut => $"{server} unreachable: no answer within {seconds} s.",
            SocketException socket => $"{server} unreachable: {socket.Message}",
            TimeoutException or OperationCanceledException => $"{server} did not answer within {seconds} s (while trying to {stage}).",
            NotSupportedException when stage == "connect" && options.Security == SmtpSecurity.StartTls =>
                $"{server} does not offer STARTTLS, which {SmtpOptions.SectionName}:Security StartTls requires; nothing was sent. Enable TLS on the server, or choose another Security for a trusted relay.",
            NotSupportedException when stage == "authenticate" =>
                $"{server} does not offer authentication (AUTH), but {SmtpOptions.SectionName}:UserName is set.",
            SslHandshakeException when certificateProblem is not null =>
                $"TLS with {server} failed: {certificateProblem}. For a private relay, add the thumbprint to {SmtpOptions.SectionName}:TrustedCertificateThumbprints.",
            SslHandshakeException handshake => $"TLS with {server} failed: {FirstLine(handshake.Message)} {FirstLine(handshake.InnerException?.Message)}".TrimEnd(),
            AuthenticationException => $"{server} refused authentication as '{options.UserName}': {ex.Message}",
            SmtpCommandException command => $"{server} refused the session ({stage}): {(int)command.StatusCode} {command.Message}",
            SmtpProtocolException or IOException when ex.InnerException is SocketException inner => $"{server}: connection failed ({stage}): {inner.Message}",
            SmtpProtocolException or IOException or ServiceNotConnectedException => $"{server}: connection failed ({stage}): {ex.Message}",
            _ => $"{server}: could not {stage}: {ex.GetType().Name}: {ex.Message}",
        };
    }

    private static string FirstLine(string? text) => text?.Split('\n', 2)[0].Trim() ?? "";
}
