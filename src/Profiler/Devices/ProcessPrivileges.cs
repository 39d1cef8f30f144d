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

    /// <summary>
    /// What to do when NVML answers NO_PERMISSION: a process that is not root needs root or CAP_SYS_ADMIN; root
    /// without CAP_SYS_ADMIN runs in a container that dropped it.
    /// </summary>
    public string PermissionAdvice =>
        (IsRoot, HasCapSysAdmin) switch
        {
            (true, false) => "mlenergy runs as root but without CAP_SYS_ADMIN, as in a container that drops it: "
                + "give the container that capability (docker run --cap-add SYS_ADMIN; Kubernetes: "
                + "securityContext.capabilities.add: [\"SYS_ADMIN\"])",
            (true, true) => "mlenergy runs as root with CAP_SYS_ADMIN, yet the driver refused: check what this GPU "
                + "lets change (nvidia-smi -q -d POWER,CLOCK)",
            _ => "run mlenergy as root (sudo), or grant it CAP_SYS_ADMIN "
                + "(sudo setcap cap_sys_admin+ep <path to mlenergy>)",
        };
}
