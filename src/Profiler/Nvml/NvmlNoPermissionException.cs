namespace MLEnergy.Profiler.Nvml;

/// <summary>
/// The caller may not do this: changing clocks and power limits needs root or CAP_SYS_ADMIN (NVML NO_PERMISSION).
/// </summary>
public sealed class NvmlNoPermissionException : NvmlException
{
    public NvmlNoPermissionException() { }

    public NvmlNoPermissionException(string message)
        : base(message) { }

    public NvmlNoPermissionException(string message, Exception innerException)
        : base(message, innerException) { }

    public NvmlNoPermissionException(
        NvmlReturn code,
        string function,
        string description,
        Exception? innerException = null
    )
        : base(code, function, description, innerException) { }
}
