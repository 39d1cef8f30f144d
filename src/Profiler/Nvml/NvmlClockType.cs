namespace MLEnergy.Profiler.Nvml;

/// <summary>NVML's <c>nvmlClockType_t</c>.</summary>
public enum NvmlClockType
{
    Graphics = 0,
    StreamingMultiprocessor = 1,
    Memory = 2,
    Video = 3,
}
