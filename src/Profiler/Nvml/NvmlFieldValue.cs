using System.Runtime.InteropServices;

namespace MLEnergy.Profiler.Nvml;

/// <summary>NVML's <c>nvmlFieldValue_t</c>; <see cref="Value"/> holds the 8-byte <c>nvmlValue_t</c> union.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct NvmlFieldValue
{
    public const uint PowerAverage = 185;
    public const uint PowerInstant = 186;

    public uint FieldId;
    public uint ScopeId;
    public long Timestamp;
    public long LatencyMicroseconds;
    public int ValueType;
    public NvmlReturn Return;
    public ulong Value;

    /// <summary>The union read as a number according to <see cref="ValueType"/>.</summary>
    public readonly double AsDouble() =>
        ValueType switch
        {
            0 => BitConverter.Int64BitsToDouble((long)Value),
            1 => (uint)Value,
            2 or 3 => Value,
            4 => (long)Value,
            5 => (int)(uint)Value,
            _ => double.NaN,
        };
}
