using System.Text;
using System.Text.Json;

namespace MLEnergy.Profiler.Devices;

/// <summary>
/// The machine-readable form of a <see cref="DeviceReport"/>: units in the key names, absent values as null.
/// </summary>
public static class DeviceReportJson
{
    public static string Write(DeviceReport report)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("gpu_unavailable", report.GpuUnavailable);
            json.WriteStartArray("gpus");
            foreach (var gpu in report.Gpus)
            {
                json.WriteStartObject();
                json.WriteNumber("index", gpu.Index);
                json.WriteString("name", gpu.Name);
                json.WriteString("uuid", gpu.Uuid);
                json.WriteString("pci_bus_id", gpu.PciBusId);
                json.WriteString("architecture", gpu.Architecture?.ToString());
                json.WriteBoolean("energy_counter", gpu.HasEnergyCounter);
                WriteNumber(json, "sm_clock_min_mhz", gpu.MinSmClock?.Megahertz);
                WriteNumber(json, "sm_clock_max_mhz", gpu.MaxSmClock?.Megahertz);
                WriteNumber(json, "power_limit_min_w", gpu.PowerLimitRange?.Minimum.Watts);
                WriteNumber(json, "power_limit_max_w", gpu.PowerLimitRange?.Maximum.Watts);
                WriteNumber(json, "power_limit_w", gpu.PowerLimit?.Watts);
                WriteNumber(json, "power_limit_default_w", gpu.DefaultPowerLimit?.Watts);
                if (gpu.PersistenceMode is { } persistence)
                {
                    json.WriteBoolean("persistence_mode", persistence);
                }
                else
                {
                    json.WriteNull("persistence_mode");
                }

                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartArray("unreachable_gpus");
            foreach (var gpu in report.UnreachableGpus)
            {
                json.WriteStartObject();
                json.WriteNumber("index", gpu.Index);
                json.WriteString("reason", gpu.Reason);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartArray("rapl_domains");
            foreach (var domain in report.RaplDomains)
            {
                json.WriteStartObject();
                json.WriteString("zone", domain.Zone);
                json.WriteString("name", domain.Name);
                json.WriteString("source", domain.SourceName);
                json.WriteBoolean("readable", domain.IsReadable);
                json.WriteString("unreadable_reason", domain.Unreadable);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteBoolean("may_change_gpu_settings", report.Privileges.MayChangeGpuSettings);
            json.WriteBoolean("root", report.Privileges.IsRoot);
            json.WriteBoolean("cap_sys_admin", report.Privileges.HasCapSysAdmin);
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    internal static void WriteNumber(Utf8JsonWriter json, string name, double? value)
    {
        if (value is { } number && double.IsFinite(number))
        {
            json.WriteNumber(name, Math.Round(number, 3));
        }
        else
        {
            json.WriteNull(name);
        }
    }
}
