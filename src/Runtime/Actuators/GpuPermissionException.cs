namespace MLEnergy.Runtime.Actuators;

/// <summary>NVML refused a setter (NO_PERMISSION): the message names the knob and the fix.</summary>
public sealed class GpuPermissionException : Exception
{
    public const string Fix =
        "run mlenergy as root (sudo), or grant it CAP_SYS_ADMIN (sudo setcap cap_sys_admin+ep <path to mlenergy>)";

    public GpuPermissionException() { }

    public GpuPermissionException(string message)
        : base(message) { }

    public GpuPermissionException(string message, Exception innerException)
        : base(message, innerException) { }

    public static GpuPermissionException For(string knob, int gpu, Exception inner) =>
        new($"no permission to change {knob} on gpu{gpu}: {Fix}", inner);
}
