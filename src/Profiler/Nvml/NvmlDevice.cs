using MLEnergy.Units;

namespace MLEnergy.Profiler.Nvml;

/// <summary>
/// One GPU through NVML: the only class that calls <see cref="NvmlNative"/> for a device. Raw counter values
/// (mJ, mW, MHz) become <see cref="Energy"/>, <see cref="Power"/> and <see cref="Frequency"/> here and nowhere else.
/// </summary>
public sealed unsafe class NvmlDevice
{
    private const uint StringBufferLength = 96;
    private readonly NvmlLibrary _library;
    private readonly nint _handle;

    internal NvmlDevice(NvmlLibrary library, int index, nint handle)
    {
        _library = library;
        Index = index;
        _handle = handle;
    }

    public int Index { get; }

    public string GetName() => ReadString(&NvmlNative.DeviceGetName, "nvmlDeviceGetName");

    public string GetUuid() => ReadString(&NvmlNative.DeviceGetUuid, "nvmlDeviceGetUUID");

    public string GetPciBusId()
    {
        NvmlPciInfo pci;
        NvmlCall.Check(NvmlNative.DeviceGetPciInfo(_handle, &pci), "nvmlDeviceGetPciInfo_v3");
        return NvmlCall.ReadString(new ReadOnlySpan<byte>(pci.BusId, 32));
    }

    public GpuArchitecture GetArchitecture()
    {
        uint architecture;
        NvmlCall.Check(NvmlNative.DeviceGetArchitecture(_handle, &architecture), "nvmlDeviceGetArchitecture");
        return Enum.IsDefined((GpuArchitecture)architecture) ? (GpuArchitecture)architecture : GpuArchitecture.Unknown;
    }

    /// <summary>The energy counter since the driver was loaded (Volta and newer); NOT_SUPPORTED elsewhere.</summary>
    public Energy GetTotalEnergy()
    {
        ulong millijoules;
        NvmlCall.Check(
            NvmlNative.DeviceGetTotalEnergyConsumption(_handle, &millijoules),
            "nvmlDeviceGetTotalEnergyConsumption"
        );
        return Energy.FromMillijoules(millijoules);
    }

    /// <summary>
    /// <c>nvmlDeviceGetPowerUsage</c>: a 1 s average on Ampere and newer (not GA100), instant before.
    /// </summary>
    public Power GetPowerUsage()
    {
        uint milliwatts;
        NvmlCall.Check(NvmlNative.DeviceGetPowerUsage(_handle, &milliwatts), "nvmlDeviceGetPowerUsage");
        return Power.FromMilliwatts(milliwatts);
    }

    public Power GetInstantPower() => GetPowerField(NvmlFieldValue.PowerInstant);

    public Power GetAveragePower() => GetPowerField(NvmlFieldValue.PowerAverage);

    public Frequency GetClock(NvmlClockType type)
    {
        uint megahertz;
        NvmlCall.Check(NvmlNative.DeviceGetClockInfo(_handle, type, &megahertz), "nvmlDeviceGetClockInfo");
        return Frequency.FromMegahertz(megahertz);
    }

    public IReadOnlyList<Frequency> GetSupportedMemoryClocks() =>
        ReadClockList(
            (count, buffer) => NvmlNative.DeviceGetSupportedMemoryClocks(_handle, count, buffer),
            "nvmlDeviceGetSupportedMemoryClocks"
        );

    public IReadOnlyList<Frequency> GetSupportedGraphicsClocks(Frequency memoryClock)
    {
        var memory = (uint)Math.Round(memoryClock.Megahertz);
        return ReadClockList(
            (count, buffer) => NvmlNative.DeviceGetSupportedGraphicsClocks(_handle, memory, count, buffer),
            "nvmlDeviceGetSupportedGraphicsClocks"
        );
    }

    public PowerLimitRange GetPowerLimitConstraints()
    {
        uint minimum,
            maximum;
        NvmlCall.Check(
            NvmlNative.DeviceGetPowerManagementLimitConstraints(_handle, &minimum, &maximum),
            "nvmlDeviceGetPowerManagementLimitConstraints"
        );
        return new PowerLimitRange(Power.FromMilliwatts(minimum), Power.FromMilliwatts(maximum));
    }

    public Power GetPowerLimit() =>
        ReadMilliwatts(&NvmlNative.DeviceGetPowerManagementLimit, "nvmlDeviceGetPowerManagementLimit");

    public Power GetDefaultPowerLimit() =>
        ReadMilliwatts(&NvmlNative.DeviceGetPowerManagementDefaultLimit, "nvmlDeviceGetPowerManagementDefaultLimit");

    public Power GetEnforcedPowerLimit() =>
        ReadMilliwatts(&NvmlNative.DeviceGetEnforcedPowerLimit, "nvmlDeviceGetEnforcedPowerLimit");

    public bool GetPersistenceMode()
    {
        int mode;
        NvmlCall.Check(NvmlNative.DeviceGetPersistenceMode(_handle, &mode), "nvmlDeviceGetPersistenceMode");
        return mode != 0;
    }

    /// <summary>
    /// Uses the newer clocks-event call where the driver has it, else the older throttle-reasons call.
    /// </summary>
    public ClockThrottleReasons GetThrottleReasons()
    {
        ulong reasons;
        if (_library.HasFunction("nvmlDeviceGetCurrentClocksEventReasons"))
        {
            NvmlCall.Check(
                NvmlNative.DeviceGetCurrentClocksEventReasons(_handle, &reasons),
                "nvmlDeviceGetCurrentClocksEventReasons"
            );
        }
        else
        {
            NvmlCall.Check(
                NvmlNative.DeviceGetCurrentClocksThrottleReasons(_handle, &reasons),
                "nvmlDeviceGetCurrentClocksThrottleReasons"
            );
        }

        return (ClockThrottleReasons)reasons;
    }

    /// <summary>The GPU die's temperature (<c>nvmlDeviceGetTemperature</c>, NVML_TEMPERATURE_GPU).</summary>
    public Temperature GetTemperature()
    {
        uint celsius;
        NvmlCall.Check(NvmlNative.DeviceGetTemperature(_handle, 0, &celsius), "nvmlDeviceGetTemperature");
        return Temperature.FromCelsius(celsius);
    }

    /// <summary>Locks the graphics clock into [minimum, maximum]; needs root or CAP_SYS_ADMIN.</summary>
    public void SetLockedClocks(Frequency minimum, Frequency maximum)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minimum, maximum);
        NvmlCall.Check(
            NvmlNative.DeviceSetGpuLockedClocks(
                _handle,
                (uint)Math.Round(minimum.Megahertz),
                (uint)Math.Round(maximum.Megahertz)
            ),
            "nvmlDeviceSetGpuLockedClocks"
        );
    }

    public void ResetLockedClocks() =>
        NvmlCall.Check(NvmlNative.DeviceResetGpuLockedClocks(_handle), "nvmlDeviceResetGpuLockedClocks");

    /// <summary>Sets the power management limit; needs root or CAP_SYS_ADMIN.</summary>
    public void SetPowerLimit(Power limit) =>
        NvmlCall.Check(
            NvmlNative.DeviceSetPowerManagementLimit(_handle, (uint)Math.Round(limit.Milliwatts)),
            "nvmlDeviceSetPowerManagementLimit"
        );

    private Power GetPowerField(uint fieldId)
    {
        var field = new NvmlFieldValue { FieldId = fieldId };
        NvmlCall.Check(NvmlNative.DeviceGetFieldValues(_handle, 1, &field), "nvmlDeviceGetFieldValues");
        if (field.Return != NvmlReturn.Success)
        {
            throw NvmlCall.Fail(field.Return, FormattableString.Invariant($"nvmlDeviceGetFieldValues({fieldId})"));
        }

        return Power.FromMilliwatts(field.AsDouble());
    }

    private Power ReadMilliwatts(delegate* <nint, uint*, NvmlReturn> call, string function)
    {
        uint milliwatts;
        NvmlCall.Check(call(_handle, &milliwatts), function);
        return Power.FromMilliwatts(milliwatts);
    }

    private string ReadString(delegate* <nint, byte*, uint, NvmlReturn> call, string function)
    {
        var buffer = stackalloc byte[(int)StringBufferLength];
        NvmlCall.Check(call(_handle, buffer, StringBufferLength), function);
        return NvmlCall.ReadString(new ReadOnlySpan<byte>(buffer, (int)StringBufferLength));
    }

    /// <summary>NVML's two-call buffer protocol: ask for the count, then fill a buffer of that size.</summary>
    private static Frequency[] ReadClockList(ClockListCall call, string function)
    {
        uint count = 0;
        var first = call(&count, null);
        if (first == NvmlReturn.Success && count == 0)
        {
            return [];
        }

        if (first != NvmlReturn.InsufficientSize && first != NvmlReturn.Success)
        {
            throw NvmlCall.Fail(first, function);
        }

        var clocks = new uint[count];
        fixed (uint* buffer = clocks)
        {
            NvmlCall.Check(call(&count, buffer), function);
        }

        return clocks.Take((int)count).Select(megahertz => Frequency.FromMegahertz(megahertz)).ToArray();
    }

    private delegate NvmlReturn ClockListCall(uint* count, uint* buffer);
}
