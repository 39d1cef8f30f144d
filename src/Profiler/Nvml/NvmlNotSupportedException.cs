namespace MLEnergy.Profiler.Nvml;

/// <summary>The device or driver does not offer this (NVML NOT_SUPPORTED, or a function this driver lacks).</summary>
public sealed class NvmlNotSupportedException : NvmlException
{
    public NvmlNotSupportedException() { }

    public NvmlNotSupportedException(string message)
        : base(message) { }

    public NvmlNotSupportedException(string message, Exception innerException)
        : base(message, innerException) { }

    public NvmlNotSupportedException(
        NvmlReturn code,
        string function,
        string description,
        Exception? innerException = null
    )
        : base(code, function, description, innerException) { }
}
