using System.Runtime.InteropServices;
using Perfolizer.Horology;

namespace GreenPT.AI.Benchmarks;

/// <summary>
/// A BenchmarkDotNet clock that reads the process's CPU time (Linux <c>clock_gettime(CLOCK_PROCESS_CPUTIME_ID)</c>) instead
/// of wall time. On a machine shared with other work, time spent waiting for a core does not count, so ratios between
/// contenders stay meaningful. Used with <c>--cpu-time</c> (in-process toolchain: a custom clock cannot cross to a child process).
/// </summary>
internal sealed partial class ProcessCpuClock : IClock
{
    private const int ClockProcessCpuTimeId = 2;

    public static ProcessCpuClock Instance { get; } = new();

    public string Title => "Process CPU time";

    public bool IsAvailable { get; } = Probe();

    public Frequency Frequency => Frequency.FromHz(1_000_000_000);

    public long GetTimestamp()
    {
        ClockGetTime(ClockProcessCpuTimeId, out Timespec time);
        return (time.Seconds * 1_000_000_000) + time.Nanoseconds;
    }

    private static bool Probe()
    {
        try
        {
            return OperatingSystem.IsLinux() && ClockGetTime(ClockProcessCpuTimeId, out _) == 0;
        }
        catch (DllNotFoundException)
        {
            return false;
        }
        catch (EntryPointNotFoundException)
        {
            return false;
        }
    }

    [LibraryImport("libc", EntryPoint = "clock_gettime")]
    private static partial int ClockGetTime(int clockId, out Timespec time);

    [StructLayout(LayoutKind.Sequential)]
    private struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }
}
