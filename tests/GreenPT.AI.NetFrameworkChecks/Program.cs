using System.Diagnostics;
using System.Globalization;

namespace GreenPT.AI.NetFrameworkChecks;

/// <summary>
/// Runs every check against the emulator at the given address on one HTTP stack and prints one line per check:
/// <c>PASS name ms</c> or <c>FAIL name ms reason</c>, then <c>END</c>. Each check is bounded, so a hang is a failure, not a stuck run.
/// </summary>
/// <remarks>Usage: <c>mono GreenPT.AI.NetFrameworkChecks.exe sockets|webrequest|own BASE_URL API_KEY [CHECK...]</c>.</remarks>
internal static class Program
{
    /// <summary>How long one check may take before it is reported as hung.</summary>
    private static readonly TimeSpan CheckBound = TimeSpan.FromSeconds(10);

    public static async Task<int> Main(string[] args)
    {
        if (args.Length < 3 || !Stacks.TryParse(args[0], out Stack stack))
        {
            Console.Error.WriteLine("usage: GreenPT.AI.NetFrameworkChecks sockets|webrequest|own BASE_URL API_KEY [CHECK...]");
            return 2;
        }

        var context = new CheckContext(stack, new Uri(args[1], UriKind.Absolute), args[2]);
        Console.WriteLine("STACK " + Stacks.Describe(stack));
        int failed = 0;
        foreach (KeyValuePair<string, Func<CheckContext, Task>> check in Checks.For(stack))
        {
            if (args.Length > 3 && Array.IndexOf(args, check.Key, 3) < 0)
            {
                continue;
            }

            var clock = Stopwatch.StartNew();
            string? failure = await RunAsync(check.Value, context).ConfigureAwait(false);
            string ms = clock.ElapsedMilliseconds.ToString(CultureInfo.InvariantCulture);
            if (failure is null)
            {
                Console.WriteLine($"PASS {check.Key} {ms}");
            }
            else
            {
                failed++;
                Console.WriteLine($"FAIL {check.Key} {ms} {OneLine(failure)}");
            }
        }

        Console.WriteLine("END");
        return failed == 0 ? 0 : 1;
    }

    private static async Task<string?> RunAsync(Func<CheckContext, Task> check, CheckContext context)
    {
        Task run;
        try
        {
            run = check(context);
        }
#pragma warning disable CA1031 // every failure of a check is reported, whatever its type
        catch (Exception ex)
        {
            return ex.ToString();
        }

        if (await Task.WhenAny(run, Task.Delay(CheckBound)).ConfigureAwait(false) != run)
        {
            return $"hung: did not end within {CheckBound.TotalSeconds} s";
        }

        try
        {
            await run.ConfigureAwait(false);
            return null;
        }
        catch (CheckFailedException ex)
        {
            return ex.Message;
        }
        catch (Exception ex)
        {
            return "unexpected " + ex;
        }
#pragma warning restore CA1031
    }

    private static string OneLine(string text) => text.Replace("\r", " ").Replace("\n", " | ");
}
