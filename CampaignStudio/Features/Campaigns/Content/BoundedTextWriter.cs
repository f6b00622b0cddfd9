using System.Buffers;
using System.Diagnostics;
using System.Text;

namespace CampaignStudio.Features.Campaigns.Content;

/// <summary>Collects render output and stops the render once it is too long or has run out of time.</summary>
/// <remarks>The output goes into a buffer rented from the shared pool, given back on <see cref="TextWriter.Dispose()"/>.</remarks>
internal sealed class BoundedTextWriter(int maxLength, TimeSpan timeout, int capacity = 16) : TextWriter
{
    private char[] buffer = ArrayPool<char>.Shared.Rent(Math.Clamp(capacity, 16, Math.Max(16, maxLength)));
    private int length;
    private readonly long deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);

    public override Encoding Encoding => Encoding.Unicode;

    public override void Write(char value)
    {
        Check(1);
        buffer[length++] = value;
    }

    public override void Write(char[] buffer, int index, int count)
    {
        Write(buffer.AsSpan(index, count));
    }

    public override void Write(ReadOnlySpan<char> buffer)
    {
        Check(buffer.Length);
        buffer.CopyTo(this.buffer.AsSpan(length));
        length += buffer.Length;
    }

    public override void Write(string? value)
    {
        Write(value.AsSpan());
    }

    // TextWriter's asynchronous methods would queue each write on the thread pool; these complete at once instead,
    // so a render never waits on another thread and a busy pool cannot stall it.
    public override Task WriteAsync(char value)
    {
        Write(value);
        return Task.CompletedTask;
    }

    public override Task WriteAsync(string? value)
    {
        Write(value);
        return Task.CompletedTask;
    }

    public override Task WriteAsync(char[] buffer, int index, int count)
    {
        Write(buffer, index, count);
        return Task.CompletedTask;
    }

    public override Task WriteAsync(ReadOnlyMemory<char> buffer, CancellationToken cancellationToken = default)
    {
        Write(buffer.Span);
        return Task.CompletedTask;
    }

    public override Task WriteLineAsync(string? value)
    {
        WriteLine(value);
        return Task.CompletedTask;
    }

    public override Task FlushAsync() => Task.CompletedTask;

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override string ToString() => new(buffer, 0, length);

    public int Length => length;

    /// <summary>The output so far, valid until the writer is disposed or written to.</summary>
    public ReadOnlySpan<char> Written => buffer.AsSpan(0, length);

    protected override void Dispose(bool disposing)
    {
        if (disposing && buffer.Length > 0)
        {
            ArrayPool<char>.Shared.Return(buffer);
            buffer = [];
            length = 0;
        }

        base.Dispose(disposing);
    }

    private void Check(int adding)
    {
        if (length + adding > maxLength)
        {
            throw new LiquidRenderException($"The rendered message is longer than {maxLength:N0} characters.");
        }

        if (length + adding > buffer.Length)
        {
            var larger = ArrayPool<char>.Shared.Rent(Math.Max(buffer.Length * 2, length + adding));
            buffer.AsSpan(0, length).CopyTo(larger);
            ArrayPool<char>.Shared.Return(buffer);
            buffer = larger;
        }

        if (Stopwatch.GetTimestamp() > deadline)
        {
            throw new LiquidRenderException($"Rendering took longer than {timeout.TotalSeconds:0.##} s and was stopped.");
        }
    }
}
