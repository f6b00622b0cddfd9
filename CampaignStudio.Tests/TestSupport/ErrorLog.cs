using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace CampaignStudio.Tests.TestSupport;

/// <summary>
/// A logger provider that keeps what the app logs at Error or above (category and message, with the exception's), so a
/// test can check that something went through without a hidden failure: <c>services.AddSingleton&lt;ILoggerProvider&gt;(errors)</c>.
/// </summary>
public sealed class ErrorLog : ILoggerProvider
{
    private readonly ConcurrentQueue<string> entries = new();

    public IReadOnlyList<string> Entries => [.. entries];

    /// <summary>The entries the app's own code logged (not, say, EF Core's log of a failed command the app then handled).</summary>
    public IReadOnlyList<string> FromApp => [.. entries.Where(e => e.StartsWith("CampaignStudio.", StringComparison.Ordinal))];

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, entries);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<string> entries) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                entries.Enqueue($"{category}: {formatter(state, exception)}{(exception is null ? "" : " " + exception.GetBaseException().Message)}");
            }
        }
    }
}
