using System.Diagnostics;
using System.Text;

namespace CampaignStudio.Features.Campaigns.Content;

/// <summary>Collects render output and stops the render once it is too long or has run out of time.</summary>
internal sealed class BoundedTextWriter(int maxLength, TimeSpan timeout) : TextWriter
{
    private readonly StringBuilder builder = new();
    private readonly long deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);

    public override Encoding Encoding => Encoding.Unicode;

    public override void Write(char value)
    {
        Check(1);
        builder.Append(value);
    }

    public override void Write(char[] buffer, int index, int count)
    {
        Check(count);
        builder.Append(buffer, index, count);
    }

    public override void Write(ReadOnlySpan<char> buffer)
    {
        Check(buffer.Length);
        builder.Append(buffer);
    }

    public override void Write(string? value)
    {
        Check(value?.Length ?? 0);
        builder.Append(value);
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

    public override string ToString() => builder.ToString();

    private void Check(int adding)
    {
        if (builder.Length + adding > maxLength)
        {
            throw new LiquidRenderException($"The rendered message is longer than {maxLength:N0} characters.");
        }

        if (Stopwatch.GetTimestamp() > deadline)
        {
            throw new LiquidRenderException($"Rendering took longer than {timeout.TotalSeconds:0.##} s and was stopped.");
        }
    }
}
