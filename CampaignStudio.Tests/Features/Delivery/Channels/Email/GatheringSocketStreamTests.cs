using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using CampaignStudio.Features.Delivery.Channels.Email;

namespace CampaignStudio.Tests.Features.Delivery.Channels.Email;

/// <summary>The SMTP session's socket stream against a real loopback peer.</summary>
public sealed class GatheringSocketStreamTests : IAsyncLifetime
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private Socket peer = null!;
    private GatheringSocketStream stream = null!;

    public async Task InitializeAsync()
    {
        listener.Start();
        var client = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        var accepting = listener.AcceptSocketAsync();
        await client.ConnectAsync(IPAddress.Loopback, ((IPEndPoint)listener.LocalEndpoint).Port);
        peer = await accepting;
        stream = new GatheringSocketStream(client);
    }

    public async Task DisposeAsync()
    {
        await stream.DisposeAsync();
        peer.Dispose();
        listener.Stop();
    }

    [Fact]
    public async Task Writes_AreGatheredUntilTheFlush_ThenGoInOneSendInOrder()
    {
        var blocks = Enumerable.Range(0, 6).Select(i => Enumerable.Repeat((byte)('a' + i), 4096).ToArray()).ToList();

        foreach (var block in blocks)
        {
            await stream.WriteAsync(block);
        }

        Assert.Equal(0, stream.Sends);
        Assert.Equal(0, peer.Available);
        await stream.FlushAsync();

        Assert.Equal(1, stream.Sends);
        Assert.Equal(blocks.SelectMany(b => b).ToArray(), await ReceiveAsync(6 * 4096));
    }

    [Fact]
    public async Task Read_SendsWhatWasWrittenFirst_SoTheOtherSideCanAnswerIt()
    {
        await stream.WriteAsync("EHLO campaign.example\r\n"u8.ToArray());
        var answering = Task.Run(async () =>
        {
            var asked = await ReceiveAsync(23);
            await peer.SendAsync(asked.Length == 23 ? "250 hello\r\n"u8.ToArray() : "500 what\r\n"u8.ToArray());
        });

        var buffer = new byte[64];
        var read = await stream.ReadAsync(buffer);
        await answering;

        Assert.Equal("250 hello\r\n", System.Text.Encoding.ASCII.GetString(buffer, 0, read));
        Assert.Equal(1, stream.Sends);
    }

    [Fact]
    public async Task Write_LargerThanTheBuffer_GoesOutWholeAfterWhatWasGathered()
    {
        var small = System.Text.Encoding.ASCII.GetBytes("MAIL FROM:<offers@acme.example>\r\n");
        var large = Enumerable.Range(0, GatheringSocketStream.Capacity + 1000).Select(i => (byte)('A' + (i % 26))).ToArray();

        await stream.WriteAsync(small);
        await stream.WriteAsync(large);
        await stream.FlushAsync();

        Assert.Equal(2, stream.Sends);
        var received = await ReceiveAsync(small.Length + large.Length);
        Assert.Equal(small.Concat(large).ToArray(), received);
    }

    [Fact]
    public async Task ReadAsync_PeerSilentBeyondTheTimeout_ThrowsTimeoutAndClosesTheConnection()
    {
        stream.ReadTimeout = 300;
        var watch = Stopwatch.StartNew();
        // Without the stream's own timeout the read would only end with this token, as a cancellation.
        using var backstop = new CancellationTokenSource(TimeSpan.FromSeconds(10));

        await Assert.ThrowsAsync<TimeoutException>(async () => _ = await stream.ReadAsync(new byte[16], backstop.Token));

        Assert.InRange(watch.Elapsed, TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(10));
        var closed = await peer.ReceiveAsync(new byte[16]);
        Assert.Equal(0, closed);
    }

    [Fact]
    public async Task ReadAsync_CancelledByTheCaller_IsACancellationNotATimeout()
    {
        stream.ReadTimeout = 30_000;
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => _ = await stream.ReadAsync(new byte[16], cancel.Token));
    }

    private async Task<byte[]> ReceiveAsync(int length)
    {
        var received = new byte[length];
        var at = 0;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (at < length)
        {
            var n = await peer.ReceiveAsync(received.AsMemory(at), timeout.Token);
            Assert.NotEqual(0, n);
            at += n;
        }

        return received;
    }
}
