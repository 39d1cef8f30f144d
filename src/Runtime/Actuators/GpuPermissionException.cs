namespace MLEnergy.Runtime.Actuators;

/// <summary>NVML refused a setter (NO_PERMISSION): the message names the knob and the fix.</summary>
public sealed class GpuPermissionException : Exception
{
    /// <summary>What to do about it on this host (not root, or root without CAP_SYS_ADMIN in a container).</summary>
    public static string Fix => new Profiler.Devices.PrivilegeReader().Read().PermissionAdvice;

    public GpuPermissionException() { }

    public GpuPermissionException(string message)
        : base(message) { }

    public GpuPermissionException(string message, Exception innerException)
        : base(message, innerException) { }

    public static GpuPermissionException For(string knob, int gpu, Exception inner) =>
        new($"no permission to change {knob} on gpu{gpu}: {Fix}", inner);
}
