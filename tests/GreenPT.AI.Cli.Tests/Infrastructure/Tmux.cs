using System.Diagnostics;
using System.Text;

namespace GreenPT.AI.Cli.Tests.Infrastructure;

/// <summary>
/// A program in a real pseudo-terminal: its own tmux server (a private socket, killed on dispose; nobody else's tmux is touched),
/// keys typed with send-keys, the screen read with capture-pane. Every wait polls the screen or the pane's state with a deadline.
/// </summary>
internal sealed class Tmux : IAsyncDisposable
{
    public const string SessionName = "t";

    private readonly string _directory;
    private readonly string _socket;
    private readonly string _config;

    private Tmux(string directory)
    {
        _directory = directory;
        _socket = Path.Combine(directory, "tmux.sock");
        _config = Path.Combine(directory, "tmux.conf");
    }

    public static string MissingMessage =>
        "The terminal tests need tmux, and it is not installed. Install it with scripts/install-test-dependencies.sh "
        + "(which runs apt-get install tmux; ./test.sh calls it). These tests do not skip.";

    /// <summary>The <c>greenpt</c> executable built next to the tests (the tool's own apphost).</summary>
    public static string Greenpt => Path.Combine(AppContext.BaseDirectory, "greenpt");

    /// <summary>Starts <paramref name="arguments"/> of <c>greenpt</c> in a 120x40 terminal with exactly the given GreenPT variables.</summary>
    /// <param name="arguments">The command line after <c>greenpt</c>, already quoted for sh (redirections allowed).</param>
    /// <param name="environment">GREENPT_API_KEY, GREENPT_BASE_URL...; every other GreenPT variable and NO_COLOR are unset.</param>
    public static async Task<Tmux> StartAsync(string arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        if (Which("tmux") is null)
        {
            throw new InvalidOperationException(MissingMessage);
        }

        Assert.True(File.Exists(Greenpt), $"The greenpt binary is missing at {Greenpt}.");
        var tmux = new Tmux(System.IO.Directory.CreateTempSubdirectory("greenpt-tmux-").FullName);
        // The pane stays after the program exits, so that its last screen can still be read.
        await File.WriteAllTextAsync(tmux._config, "set -g remain-on-exit on\nset -g history-limit 10000\n");

        // A shell runs greenpt and writes its exit status to a file. tmux's own #{pane_dead_status} is no use here: a tmux server
        // started from this test process was seen not to reap its pane's process (left a zombie, no status ever). The shell's
        // no-op INT trap keeps it alive through Ctrl+C, which greenpt (same foreground process group, SIGINT at its default) handles.
        var command = new StringBuilder("trap : INT; env -u GREENPT_API_KEY -u GREENPT_BASE_URL -u NO_COLOR LANG=C.UTF-8 TERM=xterm-256color");
        foreach ((string name, string value) in environment ?? new Dictionary<string, string>())
        {
            command.Append(' ').Append(name).Append('=').Append(Quote(value));
        }

        command.Append(' ').Append(Quote(Greenpt)).Append(' ').Append(arguments)
            .Append("; echo $? > .exit-status.tmp; mv .exit-status.tmp .exit-status");
        await tmux.RunAsync("-u", "new-session", "-d", "-s", SessionName, "-x", "120", "-y", "40", "-c", tmux._directory, command.ToString());
        return tmux;
    }

    /// <summary>The directory the program runs in (for files it writes).</summary>
    public string Directory => _directory;

    /// <summary>Types text literally.</summary>
    public Task TypeAsync(string text) => RunAsync("send-keys", "-t", SessionName, "-l", text);

    /// <summary>Presses keys by tmux name: Enter, C-c, C-d.</summary>
    public Task PressAsync(params string[] keys) => RunAsync(["send-keys", "-t", SessionName, .. keys]);

    /// <summary>The whole screen and its scroll-back, wrapped lines joined.</summary>
    public Task<string> CaptureAsync(bool withEscapes = false) =>
        RunAsync(withEscapes ? ["capture-pane", "-p", "-J", "-e", "-S", "-", "-t", SessionName] : ["capture-pane", "-p", "-J", "-S", "-", "-t", SessionName]);

    /// <summary>The screen with every run of white space (line ends included) one space: Spectre.Console breaks long lines at
    /// the terminal's width.</summary>
    public static string Flat(string screen) => System.Text.RegularExpressions.Regex.Replace(screen, @"\s+", " ");

    /// <summary>Polls the screen until <paramref name="condition"/> holds; fails with the last screen after the bound.</summary>
    public async Task<string> WaitForAsync(Func<string, bool> condition, string what, TimeSpan? bound = null)
    {
        TimeSpan limit = bound ?? Bounded.Default;
        var clock = Stopwatch.StartNew();
        while (true)
        {
            string screen = await CaptureAsync();
            if (condition(screen))
            {
                return screen;
            }

            if (clock.Elapsed > limit)
            {
                Assert.Fail($"Waited {limit} for {what}. The screen:\n{screen}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(25), TestContext.Current.CancellationToken);
        }
    }

    /// <summary>Waits for greenpt to exit and returns its exit status.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan? bound = null)
    {
        TimeSpan limit = bound ?? Bounded.Default;
        string status = Path.Combine(_directory, ".exit-status");
        var clock = Stopwatch.StartNew();
        while (!File.Exists(status))
        {
            if (clock.Elapsed > limit)
            {
                Assert.Fail($"Waited {limit} for greenpt to exit. The screen:\n{await CaptureAsync()}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(25), TestContext.Current.CancellationToken);
        }

        return int.Parse((await File.ReadAllTextAsync(status)).Trim(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await RunAsync("kill-server");
        }
        catch (InvalidOperationException)
        {
            // the server has already gone
        }

        try
        {
            System.IO.Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // left in the temp folder
        }
    }

    private async Task<string> RunAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("tmux") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("-S");
        start.ArgumentList.Add(_socket);
        start.ArgumentList.Add("-f");
        start.ArgumentList.Add(_config);
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(start)!;
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> error = process.StandardError.ReadToEndAsync();
        await Bounded.Within(process.WaitForExitAsync(), $"tmux {string.Join(' ', arguments)}", TimeSpan.FromSeconds(10));
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"tmux {string.Join(' ', arguments)} failed ({process.ExitCode}): {await error}");
        }

        return await output;
    }

    /// <summary>Single-quotes a word for sh.</summary>
    public static string Quote(string value) => "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    private static string? Which(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin").Split(':')
            .Select(directory => Path.Combine(directory, program))
            .FirstOrDefault(File.Exists);
}
