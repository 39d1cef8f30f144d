using System.Reflection;
using System.Runtime.InteropServices;

namespace MLEnergy.Profiler.Nvml;

/// <summary>
/// The one place NVML is declared. Loads <c>libnvidia-ml.so.1</c> (then <c>nvml.dll</c>) through a resolver;
/// <see cref="LibraryPathVariable"/> names an exact library to use instead (and nothing else is tried then).
/// </summary>
internal static unsafe partial class NvmlNative
{
    public const string LibraryName = "nvidia-ml";

    public const string LibraryPathVariable = "MLENERGY_NVML_LIBRARY";

    private static readonly string[] Candidates = ["libnvidia-ml.so.1", "nvml.dll"];

    static NvmlNative() => NativeLibrary.SetDllImportResolver(typeof(NvmlNative).Assembly, Resolve);

    /// <summary>
    /// Loads the library (through the resolver) and returns its handle; throws <see cref="DllNotFoundException"/>.
    /// </summary>
    public static nint Load()
    {
        var assembly = typeof(NvmlNative).Assembly;
        var handle = Resolve(LibraryName, assembly, null);
        return handle != 0 ? handle : NativeLibrary.Load(LibraryName, assembly, null);
    }

    private static nint Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (libraryName != LibraryName)
        {
            return 0;
        }

        var explicitPath = Environment.GetEnvironmentVariable(LibraryPathVariable);
        if (!string.IsNullOrEmpty(explicitPath))
        {
            return NativeLibrary.TryLoad(explicitPath, out var exact)
                ? exact
                : throw new DllNotFoundException(
                    $"{LibraryPathVariable} names '{explicitPath}', which cannot be loaded"
                );
        }

        foreach (var candidate in Candidates)
        {
            if (NativeLibrary.TryLoad(candidate, assembly, searchPath, out var handle))
            {
                return handle;
            }
        }

        return 0;
    }

    [LibraryImport(LibraryName, EntryPoint = "nvmlInit_v2")]
    public static partial NvmlReturn Init();

    [LibraryImport(LibraryName, EntryPoint = "nvmlShutdown")]
    public static partial NvmlReturn Shutdown();

    [LibraryImport(LibraryName, EntryPoint = "nvmlErrorString")]
    public static partial byte* ErrorString(NvmlReturn result);

    [LibraryImport(LibraryName, EntryPoint = "nvmlDeviceGetCount_v2")]
    public static partial NvmlReturn DeviceGetCount(uint* count);

    [LibraryImport(LibraryName, EntryPoint = "nvmlDeviceGetHandleByIndex_v2")]
    public static partial NvmlReturn DeviceGetHandleByIndex(uint index, nint* device);

    [LibraryImport(LibraryName, EntryPoint = "nvmlDeviceGetName")]
    public static partial NvmlReturn DeviceGetName(nint device, byte* name, uint length);

    [LibraryImport(LibraryName, EntryPoint = "nvmlDeviceGetUUID")]
    public static partial NvmlReturn DeviceGetUuid(nint device, byte* uuid, uint length);

    [LibraryImport(LibraryName, EntryPoint = "nvmlDeviceGetPciInfo_v3")]
    public static partial NvmlReturn DeviceGetPciInfo(nint device, NvmlPciInfo* pci);

    [LibraryImport(LibraryName, EntryPoint = "nvmlDeviceGetArchitecture")]
    public static partial NvmlReturn DeviceGetArchitecture(nint device, uint* architecture);

    [LibraryImport(LibraryName, EntryPoint = "nvmlDeviceGetTotalEnergyConsumption")]
    public static partial NvmlReturn DeviceGetTotalEnergyConsumption(nint device, ulong* millijoules);

    [LibraryImport(LibraryName, EntryPoint = "nvmlDeviceGetPowerUsage")]
    public static partial NvmlReturn DeviceGetPowerUsage(nint device, uint* milliwatts);

    [LibraryImport(LibraryName, EntryPoint = "nvmlDeviceGetFieldValues")]
    public static partial NvmlReturn DeviceGetFieldValues(nint device, int count, NvmlFieldValue* values);

    [LibraryImport(LibraryName, EntryPoint = "nvmlDeviceGetClockInfo")]
    public static partial NvmlReturn DeviceGetClockInfo(nint device, NvmlClockType type, uint* megahertz);

    [LibraryImport(LibraryName, EntryPoint = "nvmlDeviceGetSupportedMemoryClocks")]
    public static partial NvmlReturn DeviceGetSupportedMemoryClocks(nint device, uint* count, uint* megahertz);

    [LibraryImport(LibraryName, EntryPoint = "nvmlDeviceGetSupportedGraphicsClocks")]
    public static partial NvmlReturn DeviceGetSupportedGraphicsClocks(
        nint device,
        uint memoryMegahertz,
        uint* count,
        uint* megahertz
    );

    [LibraryImport(LibraryName, EntryPoint = "nvmlDeviceGetPowerManagementLimitConstraints")]
    public static partial NvmlReturn DeviceGetPowerManagementLimitConstraints(
        nint device,
        uint* minMilliwatts,
        uint* maxMilliwatts
    );

    [LibraryImport(LibraryName, EntryPoint = "nvmlDeviceGetPowerManagementLimit")]
    public static partial NvmlReturn DeviceGetPowerManagementLimit(nint device, uint* milliwatts);

    [LibraryImport(LibraryName, EntryPoint = "nvmlDeviceGetPowerManagementDefaultLimit")]
    public static partial NvmlReturn DeviceGetPowerManagementDefaultLimit(nint device, uint* milliwatts);

    [LibraryImport(LibraryName, EntryPoint = "nvmlDeviceGetEnforcedPowerLimit")]
    public static partial NvmlReturn DeviceGetEnforcedPowerLimit(nint device, uint* milliwatts);

    [LibraryImport(LibraryName, EntryPoint = "nvmlDeviceGetPersistenceMode")]
    public static partial NvmlReturn DeviceGetPersistenceMode(nint device, int* mode);

    [LibraryImport(LibraryName, EntryPoint = "nvmlDeviceGetCurrentClocksEventReasons")]
    public static partial NvmlReturn DeviceGetCurrentClocksEventReasons(nint device, ulong* reasons);

    [LibraryImport(LibraryName, EntryPoint = "nvmlDeviceGetCurrentClocksThrottleReasons")]
    public static partial NvmlReturn DeviceGetCurrentClocksThrottleReasons(nint device, ulong* reasons);

    /// <summary><c>sensorType</c> 0 is NVML_TEMPERATURE_GPU, the GPU die.</summary>
    [LibraryImport(LibraryName, EntryPoint = "nvmlDeviceGetTemperature")]
    public static partial NvmlReturn DeviceGetTemperature(nint device, int sensorType, uint* celsius);

    [LibraryImport(LibraryName, EntryPoint = "nvmlDeviceSetGpuLockedClocks")]
    public static partial NvmlReturn DeviceSetGpuLockedClocks(nint device, uint minMegahertz, uint maxMegahertz);

    [LibraryImport(LibraryName, EntryPoint = "nvmlDeviceResetGpuLockedClocks")]
    public static partial NvmlReturn DeviceResetGpuLockedClocks(nint device);

    [LibraryImport(LibraryName, EntryPoint = "nvmlDeviceSetPowerManagementLimit")]
    public static partial NvmlReturn DeviceSetPowerManagementLimit(nint device, uint milliwatts);
}
