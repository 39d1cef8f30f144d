namespace MLEnergy.Profiler.Devices;

/// <summary>Reads this process's privileges from <c>/proc/self/status</c> (a captured file in tests).</summary>
public sealed class PrivilegeReader
{
    public const string DefaultStatusPath = "/proc/self/status";

    private readonly string _statusPath;

    public PrivilegeReader(string statusPath = DefaultStatusPath) => _statusPath = statusPath;

    /// <summary>Where there is no procfs (not Linux), falls back to whether the process is elevated.</summary>
    public ProcessPrivileges Read() =>
        File.Exists(_statusPath)
            ? ProcStatusParser.Parse(File.ReadAllText(_statusPath))
            : new ProcessPrivileges(Environment.IsPrivilegedProcess, false);
}
