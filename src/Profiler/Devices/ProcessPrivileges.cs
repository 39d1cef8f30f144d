namespace MLEnergy.Profiler.Devices;

/// <summary>
/// Whether this process may change GPU clocks and power limits: root, or the CAP_SYS_ADMIN capability.
/// </summary>
public sealed record ProcessPrivileges(bool IsRoot, bool HasCapSysAdmin)
{
    public bool MayChangeGpuSettings => IsRoot || HasCapSysAdmin;

    public string Explanation =>
        (IsRoot, HasCapSysAdmin) switch
        {
            (true, _) => "yes (running as root)",
            (false, true) => "yes (CAP_SYS_ADMIN)",
            _ => "no (needs root or CAP_SYS_ADMIN; NVML would answer NO_PERMISSION)",
        };
}
