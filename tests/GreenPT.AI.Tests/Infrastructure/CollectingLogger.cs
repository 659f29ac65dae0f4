using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace GreenPT.AI.Tests.Infrastructure;

/// <summary>One logged line: level, event id and the formatted message.</summary>
internal sealed record LogLine(LogLevel Level, EventId EventId, string Message, Exception? Exception);

/// <summary>A logger factory that keeps every line at or above a minimum level, for asserting on what was logged.</summary>
internal sealed class CollectingLoggerFactory(LogLevel minimum = LogLevel.Trace) : ILoggerFactory
{
    public ConcurrentQueue<LogLine> Lines { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this);

    public void AddProvider(ILoggerProvider provider) => throw new NotSupportedException();

    public void Dispose()
    {
    }

    private sealed class Logger(CollectingLoggerFactory owner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= owner._minimum;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                owner.Lines.Enqueue(new LogLine(logLevel, eventId, formatter(state, exception), exception));
            }
        }
    }

    private readonly LogLevel _minimum = minimum;
}
