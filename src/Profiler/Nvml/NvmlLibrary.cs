using System.Runtime.InteropServices;

namespace MLEnergy.Profiler.Nvml;

/// <summary>
/// One reference to an initialised NVML: <see cref="Open"/> calls <c>nvmlInit_v2</c>, <see cref="Dispose"/> calls
/// <c>nvmlShutdown</c> once. NVML counts these references itself, so several instances may live side by side.
/// </summary>
public sealed unsafe class NvmlLibrary : IDisposable
{
    private readonly nint _handle;
    private int _disposed;

    private NvmlLibrary(nint handle) => _handle = handle;

    /// <summary>
    /// Loads and initialises NVML; throws <see cref="NvmlUnavailableException"/> where there is none.
    /// </summary>
    public static NvmlLibrary Open()
    {
        nint handle;
        try
        {
            handle = NvmlNative.Load();
        }
        catch (DllNotFoundException e)
        {
            throw new NvmlUnavailableException(
                NvmlReturn.LibraryNotFound,
                "load",
                "no NVIDIA driver library (libnvidia-ml.so.1) found",
                e
            );
        }

        NvmlCall.Check(NvmlNative.Init(), "nvmlInit_v2");
        return new NvmlLibrary(handle);
    }

    public int DeviceCount
    {
        get
        {
            ThrowIfDisposed();
            uint count;
            NvmlCall.Check(NvmlNative.DeviceGetCount(&count), "nvmlDeviceGetCount_v2");
            return (int)count;
        }
    }

    /// <summary>Whether this driver exports <paramref name="function"/>: older drivers lack newer symbols.</summary>
    public bool HasFunction(string function)
    {
        ThrowIfDisposed();
        return NativeLibrary.TryGetExport(_handle, function, out _);
    }

    public NvmlDevice GetDevice(int index)
    {
        ThrowIfDisposed();
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        nint device;
        NvmlCall.Check(NvmlNative.DeviceGetHandleByIndex((uint)index, &device), "nvmlDeviceGetHandleByIndex_v2");
        return new NvmlDevice(this, index, device);
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            NvmlNative.Shutdown();
        }
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_disposed != 0, this);
}
