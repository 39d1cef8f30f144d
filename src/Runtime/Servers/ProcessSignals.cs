using System.Diagnostics;
using System.Runtime.InteropServices;

namespace MLEnergy.Runtime.Servers;

/// <summary>Graceful stop of a process: SIGTERM, a grace period, then SIGKILL of it and its children.</summary>
public static partial class ProcessSignals
{
    private const int SigTerm = 15;

    public static async Task<bool> StopAsync(Process process, TimeSpan grace, CancellationToken cancellationToken)
    {
        if (HasExited(process))
        {
            return false;
        }

        if (OperatingSystem.IsWindows() || Kill(process.Id, SigTerm) != 0)
        {
            process.Kill(entireProcessTree: true);
        }

        if (!await WaitGoneAsync(process, grace, cancellationToken))
        {
            process.Kill(entireProcessTree: true);
            await WaitGoneAsync(process, TimeSpan.FromSeconds(10), CancellationToken.None);
        }

        return true;
    }

    /// <summary>
    /// Polls until the process is gone; a process that is not our child may linger as a zombie, which counts as gone.
    /// </summary>
    private static async Task<bool> WaitGoneAsync(Process process, TimeSpan limit, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        while (!HasExited(process))
        {
            if (Stopwatch.GetElapsedTime(started) >= limit || cancellationToken.IsCancellationRequested)
            {
                return false;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50), CancellationToken.None);
        }

        return true;
    }

    /// <summary>
    /// Finds a journaled process that is still the one started and still running: same start time and, where the
    /// arguments were journaled, the same command line. Without a start time nothing is found.
    /// </summary>
    public static Process? Find(int processId, DateTimeOffset? started, IReadOnlyList<string>? arguments = null)
    {
        if (started is not { } expected)
        {
            return null;
        }

        try
        {
            var process = Process.GetProcessById(processId);
            if (
                Math.Abs((process.StartTime.ToUniversalTime() - expected.UtcDateTime).TotalSeconds) > 2
                || (arguments is { Count: > 0 } && !SameCommand(processId, arguments))
            )
            {
                process.Dispose();
                return null;
            }

            return HasExited(process) ? null : process;
        }
        catch (Exception e)
            when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }

    /// <summary>
    /// Whether a process runs the journaled command: every argument of its command line after the program is one of
    /// the journaled arguments (by value or file name), which holds through <c>exec</c> wrappers and interpreters.
    /// </summary>
    internal static bool SameCommand(int processId, IReadOnlyList<string> arguments)
    {
        string[] running;
        try
        {
            running = File.ReadAllText($"/proc/{processId}/cmdline").Split('\0', StringSplitOptions.RemoveEmptyEntries);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return !OperatingSystem.IsLinux();
        }

        var known = arguments.Concat(arguments.Select(Path.GetFileName)).ToHashSet(StringComparer.Ordinal);
        return running.Length switch
        {
            0 => false,
            1 => known.Contains(Path.GetFileName(running[0])),
            _ => running.Skip(1).All(a => known.Contains(a) || known.Contains(Path.GetFileName(a))),
        };
    }

    private static bool HasExited(Process process)
    {
        try
        {
            return process.HasExited || IsZombie(process.Id);
        }
        catch (InvalidOperationException)
        {
            return true;
        }
    }

    private static bool IsZombie(int processId)
    {
        var stat = $"/proc/{processId}/stat";
        try
        {
            var text = File.ReadAllText(stat);
            var state = text[(text.LastIndexOf(')') + 2)..].TrimStart();
            return state.Length == 0 || state[0] is 'Z' or 'X';
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return !File.Exists(stat) && OperatingSystem.IsLinux();
        }
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
