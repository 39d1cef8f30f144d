namespace MLEnergy.Profiler.Nvml;

/// <summary>No usable NVML: the library is missing or the NVIDIA driver is not loaded.</summary>
public sealed class NvmlUnavailableException : NvmlException
{
    public NvmlUnavailableException() { }

    public NvmlUnavailableException(string message)
        : base(message) { }

    public NvmlUnavailableException(string message, Exception innerException)
        : base(message, innerException) { }

    public NvmlUnavailableException(
        NvmlReturn code,
        string function,
        string description,
        Exception? innerException = null
    )
        : base(code, function, description, innerException) { }
}
