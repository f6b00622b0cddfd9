using System.Collections.Concurrent;
using CampaignStudio.Features.Delivery.Progress;

namespace CampaignStudio.Tests.Features.Delivery.Progress;

/// <summary>Shared reads per key: one at a time, later callers share the next read, failures and cancellations stay contained.</summary>
public sealed class CoalescedReadsTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(5);
    private readonly ConcurrentQueue<(string Key, int Number, TaskCompletionSource<string> Finish)> started = new();
    private readonly SemaphoreSlim startedSignal = new(0);
    private int reads;

    [Fact]
    public async Task Read_CallersArrivingWhileAReadRuns_ShareTheNextRead()
    {
        var reader = Reader();
        var first = reader.ReadAsync("diwali");
        var firstRead = await NextStartedAsync();

        var second = reader.ReadAsync("diwali");
        var third = reader.ReadAsync("diwali");
        Assert.False(second.IsCompleted);
        firstRead.Finish.SetResult("read 1");

        Assert.Equal("read 1", await first.WaitAsync(Patience));
        var secondRead = await NextStartedAsync();
        Assert.False(second.IsCompleted);
        secondRead.Finish.SetResult("read 2");
        Assert.Equal(["read 2", "read 2"], await Task.WhenAll(second, third).WaitAsync(Patience));
        Assert.Equal(2, reads);
    }

    [Fact]
    public async Task Read_AfterTheReadsEnded_StartsAFreshOne()
    {
        var reader = Reader();
        var first = reader.ReadAsync("diwali");
        (await NextStartedAsync()).Finish.SetResult("read 1");
        await first.WaitAsync(Patience);

        var later = reader.ReadAsync("diwali");
        (await NextStartedAsync()).Finish.SetResult("read 2");

        Assert.Equal("read 2", await later.WaitAsync(Patience));
    }

    [Fact]
    public async Task Read_OtherKeys_ReadAtTheSameTime()
    {
        var reader = Reader();
        var diwali = reader.ReadAsync("diwali");
        var monsoon = reader.ReadAsync("monsoon");

        var both = new[] { await NextStartedAsync(), await NextStartedAsync() };
        foreach (var read in both)
        {
            read.Finish.SetResult(read.Key);
        }

        Assert.Equal(["diwali", "monsoon"], await Task.WhenAll(diwali, monsoon).WaitAsync(Patience));
    }

    [Fact]
    public async Task Read_Fails_ItsCallersSeeTheFailure_AndTheNextReadRuns()
    {
        var reader = Reader();
        var first = reader.ReadAsync("diwali");
        var firstRead = await NextStartedAsync();
        var second = reader.ReadAsync("diwali");

        firstRead.Finish.SetException(new InvalidOperationException("database gone"));

        Assert.Equal("database gone", (await Assert.ThrowsAsync<InvalidOperationException>(() => first.WaitAsync(Patience))).Message);
        (await NextStartedAsync()).Finish.SetResult("read 2");
        Assert.Equal("read 2", await second.WaitAsync(Patience));
    }

    [Fact]
    public async Task Read_OneCallerCancels_TheOthersStillGetTheSharedRead()
    {
        var reader = Reader();
        var first = reader.ReadAsync("diwali");
        var firstRead = await NextStartedAsync();
        using var leaving = new CancellationTokenSource();
        var cancelled = reader.ReadAsync("diwali", leaving.Token);
        var staying = reader.ReadAsync("diwali");

        await leaving.CancelAsync();
        firstRead.Finish.SetResult("read 1");
        (await NextStartedAsync()).Finish.SetResult("read 2");

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        Assert.Equal(("read 1", "read 2"), (await first.WaitAsync(Patience), await staying.WaitAsync(Patience)));
    }

    private CoalescedReads<string, string> Reader() => new(key =>
    {
        var finish = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        started.Enqueue((key, Interlocked.Increment(ref reads), finish));
        startedSignal.Release();
        return finish.Task;
    });

    private async Task<(string Key, int Number, TaskCompletionSource<string> Finish)> NextStartedAsync()
    {
        Assert.True(await startedSignal.WaitAsync(Patience), "No read started.");
        Assert.True(started.TryDequeue(out var read));
        return read;
    }
}
