using System.Net.Sockets;

namespace CampaignStudio.Features.Delivery.Channels.Email;

/// <summary>
/// The stream under an SMTP session: writes are gathered and go to the socket together, on a flush or before the next
/// read. The SMTP client hands a message over in 4 KB blocks, and with Nagle's algorithm off (as it must be, see
/// <see cref="SmtpConnectionPool"/>) each block was one send and one wake-up of the server: about ten per ~20 KB email,
/// the largest share of the sending machine's time. A protocol that writes and then waits for an answer always reads
/// next, so nothing written can be held back while the other side waits for it (a TLS handshake included, when TLS runs
/// on top of this stream). Reads and writes that take longer than <see cref="ReadTimeout"/> or <see cref="WriteTimeout"/>
/// fail with <see cref="TimeoutException"/> and close the connection, also when asynchronous (which the socket's own
/// timeouts do not cover).
/// </summary>
public sealed class GatheringSocketStream : Stream
{
    /// <summary>Most bytes gathered before they go without waiting for a flush.</summary>
    public const int Capacity = 64 * 1024;

    private readonly NetworkStream inner;
    private readonly byte[] pending = new byte[Capacity];
    private int count;

    public GatheringSocketStream(Socket socket)
    {
        inner = new NetworkStream(socket, ownsSocket: true);
    }

    /// <summary>How many sends reached the socket (for tests and diagnostics).</summary>
    public long Sends { get; private set; }

    public override bool CanRead => true;

    public override bool CanWrite => true;

    public override bool CanSeek => false;

    public override bool CanTimeout => true;

    public override int ReadTimeout { get; set; } = Timeout.Infinite;

    public override int WriteTimeout { get; set; } = Timeout.Infinite;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        Flush();
        inner.ReadTimeout = ReadTimeout;
        try
        {
            return inner.Read(buffer);
        }
        catch (IOException ex) when (TimedOut(ex))
        {
            throw Closed(ex);
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        await FlushAsync(cancellationToken);
        return await WithTimeoutAsync(ReadTimeout, token => inner.ReadAsync(buffer, token), cancellationToken);
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        if (count + buffer.Length > Capacity)
        {
            Flush();
            if (buffer.Length > Capacity)
            {
                Send(buffer);
                return;
            }
        }

        buffer.CopyTo(pending.AsSpan(count));
        count += buffer.Length;
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (count + buffer.Length > Capacity)
        {
            await FlushAsync(cancellationToken);
            if (buffer.Length > Capacity)
            {
                await SendAsync(buffer, cancellationToken);
                return;
            }
        }

        buffer.Span.CopyTo(pending.AsSpan(count));
        count += buffer.Length;
    }

    public override void Flush()
    {
        if (count > 0)
        {
            Send(pending.AsSpan(0, count));
            count = 0;
        }
    }

    public override async Task FlushAsync(CancellationToken cancellationToken)
    {
        if (count > 0)
        {
            await SendAsync(pending.AsMemory(0, count), cancellationToken);
            count = 0;
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }

    private void Send(ReadOnlySpan<byte> data)
    {
        inner.WriteTimeout = WriteTimeout;
        try
        {
            inner.Write(data);
        }
        catch (IOException ex) when (TimedOut(ex))
        {
            throw Closed(ex);
        }

        Sends++;
    }

    private async ValueTask SendAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        await WithTimeoutAsync(WriteTimeout, async token =>
        {
            await inner.WriteAsync(data, token);
            return 0;
        }, cancellationToken);
        Sends++;
    }

    private static bool TimedOut(IOException ex) => ex.InnerException is SocketException { SocketErrorCode: SocketError.TimedOut };

    /// <summary>A socket call that timed out leaves the connection in an unknown state: it is closed.</summary>
    private TimeoutException Closed(Exception? cause = null)
    {
        inner.Dispose();
        return new TimeoutException("The SMTP server did not answer in time.", cause);
    }

    private async ValueTask<T> WithTimeoutAsync<T>(int milliseconds, Func<CancellationToken, ValueTask<T>> call, CancellationToken cancellationToken)
    {
        if (milliseconds is Timeout.Infinite or <= 0)
        {
            return await call(cancellationToken);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(milliseconds);
        try
        {
            return await call(timeout.Token);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw Closed(ex);
        }
    }
}
