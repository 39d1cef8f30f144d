namespace MLEnergy.Profiler.Nvml;

/// <summary>NVML's <c>nvmlDeviceArchitecture_t</c>; the energy counter exists from Volta on.</summary>
public enum GpuArchitecture
{
    Unknown = 0,
    Kepler = 2,
    Maxwell = 3,
    Pascal = 4,
    Volta = 5,
    Turing = 6,
    Ampere = 7,
    Ada = 8,
    Hopper = 9,
    Blackwell = 10,
}
