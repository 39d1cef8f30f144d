using System.Runtime.InteropServices;

namespace MLEnergy.Profiler.Nvml;

/// <summary>NVML's <c>nvmlPciInfo_t</c> (v3 layout).</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct NvmlPciInfo
{
    public fixed byte BusIdLegacy[16];
    public uint Domain;
    public uint Bus;
    public uint Device;
    public uint PciDeviceId;
    public uint PciSubSystemId;
    public fixed byte BusId[32];
}
