using System.Diagnostics;
using System.Runtime.InteropServices;

namespace MLEnergy.Runtime.Servers;

/// <summary>
/// Graceful stop of a server: SIGTERM to its process group, a grace period, then SIGKILL of the group, its children
/// and every process that carries its launch token.
/// </summary>
public static partial class ProcessSignals
{
    /// <summary>
    /// The environment variable a launched server carries, set to its journal entry's launch token: every process it
    /// starts inherits it, so they can be found after the tuner that started them is gone.
    /// </summary>
    public const string LaunchVariable = "MLENERGY_LAUNCH";

    private const int SigTerm = 15;
    private const int SigKill = 9;

    public static async Task<bool> StopAsync(
        Process process,
        TimeSpan grace,
        CancellationToken cancellationToken,
        string? launchToken = null
    )
    {
        var group = LeadsOwnGroup(process.Id) ? process.Id : (int?)null;
        var stopped = false;
        if (!HasExited(process))
        {
            stopped = true;
            if (OperatingSystem.IsWindows() || Kill(group is { } g ? -g : process.Id, SigTerm) != 0)
            {
                process.Kill(entireProcessTree: true);
            }

            if (!await WaitGoneAsync(process, grace, cancellationToken))
            {
                process.Kill(entireProcessTree: true);
                await WaitGoneAsync(process, TimeSpan.FromSeconds(10), CancellationToken.None);
            }
        }

        if (group is { } leader)
        {
            _ = Kill(-leader, SigKill);
        }

        if (launchToken is not null)
        {
            stopped |= KillLaunched(launchToken) > 0;
        }

        return stopped;
    }

    /// <summary>
    /// SIGKILL to every process (other than this one) whose environment carries <paramref name="launchToken"/> in
    /// <see cref="LaunchVariable"/>: what is left of a server whose leader is gone. Returns how many were signalled.
    /// </summary>
    public static int KillLaunched(string launchToken)
    {
        var signalled = 0;
        foreach (var id in Launched(launchToken))
        {
            if (Kill(id, SigKill) == 0)
            {
                signalled++;
            }
        }

        return signalled;
    }

    /// <summary>The ids of the processes that carry a launch token (Linux; none elsewhere).</summary>
    public static IReadOnlyList<int> Launched(string launchToken)
    {
        if (!OperatingSystem.IsLinux() || string.IsNullOrEmpty(launchToken))
        {
            return [];
        }

        var marker = System.Text.Encoding.UTF8.GetBytes($"{LaunchVariable}={launchToken}\0");
        var self = Environment.ProcessId;
        var found = new List<int>();
        foreach (var folder in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(folder), out var id) || id == self)
            {
                continue;
            }

            try
            {
                var environment = File.ReadAllBytes(Path.Combine(folder, "environ"));
                if (StartsEntry(environment, marker))
                {
                    found.Add(id);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
        }

        return found;
    }

    /// <summary>
    /// Whether <paramref name="marker"/> (<c>NAME=VALUE\0</c>) is one whole entry of an environ block.
    /// </summary>
    private static bool StartsEntry(byte[] environment, byte[] marker)
    {
        var span = environment.AsSpan();
        var at = 0;
        while (at < span.Length)
        {
            var index = span[at..].IndexOf(marker);
            if (index < 0)
            {
                return false;
            }

            var position = at + index;
            if (position == 0 || span[position - 1] == 0)
            {
                return true;
            }

            at = position + 1;
        }

        return false;
    }

    /// <summary>Whether a process is the leader of its own process group (started through <c>setsid</c>).</summary>
    private static bool LeadsOwnGroup(int processId)
    {
        try
        {
            var text = File.ReadAllText($"/proc/{processId}/stat");
            var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
            return fields.Length > 2 && int.TryParse(fields[2], out var group) && group == processId;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentOutOfRangeException)
        {
            return false;
        }
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
