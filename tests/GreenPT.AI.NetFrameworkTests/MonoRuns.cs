using System.Collections.Concurrent;
using System.Diagnostics;
using System.Reflection;
using System.Text.Json;
using GreenPT.AI.Emulator;

namespace GreenPT.AI.NetFrameworkTests;

/// <summary>What one run of the check app printed, read back.</summary>
internal sealed record MonoRun(string Stack, int ExitCode, IReadOnlyList<string> Lines, string Errors)
{
    /// <summary>The <c>STACK</c> line: which handler really sent, on which runtime.</summary>
    public string StackLine => Lines.FirstOrDefault(l => l.StartsWith("STACK ", StringComparison.Ordinal)) ?? "(no STACK line)";

    /// <summary>Each check's line by name (<c>PASS name ms</c> or <c>FAIL name ms reason</c>).</summary>
    public IReadOnlyDictionary<string, string> Checks => Lines
        .Where(l => l.StartsWith("PASS ", StringComparison.Ordinal) || l.StartsWith("FAIL ", StringComparison.Ordinal))
        .ToDictionary(l => l.Split(' ')[1], l => l, StringComparer.Ordinal);

    public bool Ended => Lines.Contains("END");

    public string Transcript => $"exit code {ExitCode}\n{string.Join('\n', Lines)}\nstderr:\n{Errors}";
}

/// <summary>
/// One emulator on 127.0.0.1 for the class, and the check app run under Mono once per stack (the first test of a stack starts
/// it, the others read its output). The emulator's gate: a stream whose prompt is <c>hold:ID</c> is held after its first chunk
/// until a chat request with the prompt <c>release:ID</c> arrives.
/// </summary>
public sealed class MonoRuns : IAsyncLifetime
{
    /// <summary>A fake key, checked for in the app's output.</summary>
    internal const string ApiKey = "sk-mono-SECRET-7c1e9a40d2b35f86";

    /// <summary>The whole run of one stack is bounded: each check is bounded at 10 s inside the app, and this catches the rest.</summary>
    private static readonly TimeSpan RunBound = TimeSpan.FromSeconds(150);

    private readonly ConcurrentDictionary<string, TaskCompletionSource> _gates = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Lazy<Task<MonoRun>>> _runs = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);
    private GreenPTEmulator? _emulator;

    public async ValueTask InitializeAsync()
    {
        _emulator = await GreenPTEmulator.StartAsync(
            new GreenPTEmulatorOptions
            {
                ApiKey = ApiKey,
                BeforeStreamChunk = (chunk, ct) => chunk.LastUserText.StartsWith("hold:", StringComparison.Ordinal)
                    ? new ValueTask(Gate(chunk.LastUserText["hold:".Length..]).Task.WaitAsync(ct))
                    : ValueTask.CompletedTask,
                Script = request =>
                {
                    if (LastUserText(request) is { } text && text.StartsWith("release:", StringComparison.Ordinal))
                    {
                        Gate(text["release:".Length..]).TrySetResult();
                    }

                    return null; // the built-in answer
                },
            },
            TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (TaskCompletionSource gate in _gates.Values)
        {
            gate.TrySetResult();
        }

        if (_emulator is not null)
        {
            await _emulator.DisposeAsync();
        }

        _oneAtATime.Dispose();
    }

    /// <summary>The run of <paramref name="stack"/> (<c>sockets</c>, <c>webrequest</c> or <c>own</c>), started on first use.</summary>
    internal Task<MonoRun> RunAsync(string stack) => _runs.GetOrAdd(stack, s => new Lazy<Task<MonoRun>>(() => StartRunAsync(s))).Value;

    private TaskCompletionSource Gate(string id) => _gates.GetOrAdd(id, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

    private static string? LastUserText(JsonElement request)
    {
        string? text = null;
        foreach (JsonElement message in request.GetProperty("messages").EnumerateArray())
        {
            if (message.TryGetProperty("role", out JsonElement role) && role.GetString() == "user" &&
                message.TryGetProperty("content", out JsonElement content) && content.ValueKind == JsonValueKind.String)
            {
                text = content.GetString();
            }
        }

        return text;
    }

    private async Task<MonoRun> StartRunAsync(string stack)
    {
        string mono = FindMono() ?? throw new Xunit.Sdk.XunitException(
            "mono is not installed (looked on PATH and in /usr/bin): scripts/install-test-dependencies.sh installs Debian's mono-complete, which ./test.sh runs first.");
        string exe = typeof(MonoRuns).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "NetFrameworkChecksExe").Value!;
        if (!File.Exists(exe))
        {
            throw new Xunit.Sdk.XunitException($"The net472 check app was not built at {exe}.");
        }

        // One run at a time: the checks measure how soon a time limit takes effect, and two runs would share two cores.
        await _oneAtATime.WaitAsync();
        try
        {
            var start = new ProcessStartInfo(mono)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            start.ArgumentList.Add("--debug"); // line numbers in a failure's stack trace
            start.ArgumentList.Add(exe);
            start.ArgumentList.Add(stack);
            start.ArgumentList.Add(_emulator!.BaseAddress.ToString());
            start.ArgumentList.Add(ApiKey);

            using var process = Process.Start(start) ?? throw new Xunit.Sdk.XunitException("mono did not start");
            Task<string> output = process.StandardOutput.ReadToEndAsync();
            Task<string> errors = process.StandardError.ReadToEndAsync();
            using var bound = new CancellationTokenSource(RunBound);
            try
            {
                await process.WaitForExitAsync(bound.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync(CancellationToken.None);
            }

            string[] lines = (await output).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            return new MonoRun(stack, process.ExitCode, lines, await errors);
        }
        finally
        {
            _oneAtATime.Release();
        }
    }

    private static string? FindMono()
    {
        IEnumerable<string> directories = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries).Append("/usr/bin");
        return directories.Select(d => Path.Combine(d, "mono")).FirstOrDefault(File.Exists);
    }
}
