using System.Globalization;

namespace MLEnergy.Profiler.Devices;

/// <summary>The person-readable form of a <see cref="DeviceReport"/>.</summary>
public static class DeviceReportText
{
    public static void Write(DeviceReport report, TextWriter writer)
    {
        var c = CultureInfo.InvariantCulture;
        if (report.GpuUnavailable is not null)
        {
            writer.WriteLine($"GPUs: none ({report.GpuUnavailable})");
        }
        else if (report.Gpus.Count == 0 && report.UnreachableGpus.Count == 0)
        {
            writer.WriteLine("GPUs: none (the NVIDIA driver reports no devices)");
        }

        var lost = report.UnreachableGpus.ToDictionary(g => g.Index);
        var gpus = report.Gpus.ToDictionary(g => g.Index);
        foreach (var index in lost.Keys.Concat(gpus.Keys).Order())
        {
            if (lost.TryGetValue(index, out var unreachable))
            {
                writer.WriteLine(
                    string.Create(c, $"GPU {index}: not usable, the driver cannot reach it: {unreachable.Reason}")
                );
            }
            else
            {
                WriteGpu(gpus[index], writer);
            }
        }

        var readable = report.RaplDomains.Where(d => d.IsReadable).Select(d => $"{d.Name} ({d.Zone})").ToArray();
        var unreadable = report
            .RaplDomains.Where(d => !d.IsReadable)
            .Select(d => $"{d.Name}: {d.Unreadable}")
            .ToArray();
        writer.WriteLine(
            report.RaplDomains.Count == 0
                ? "RAPL: none (no /sys/class/powercap intel-rapl zones; CPU energy is not measured)"
                : $"RAPL: {(readable.Length == 0 ? "no readable domain" : string.Join(", ", readable))}"
        );
        foreach (var problem in unreadable)
        {
            writer.WriteLine($"  unreadable {problem}");
        }

        writer.WriteLine($"May change clocks and power limits: {report.Privileges.Explanation}");
    }

    private static void WriteGpu(GpuInventoryEntry gpu, TextWriter writer)
    {
        var c = CultureInfo.InvariantCulture;
        writer.WriteLine(string.Create(c, $"GPU {gpu.Index}: {gpu.Name}"));
        writer.WriteLine($"  uuid            {gpu.Uuid}");
        writer.WriteLine($"  pci bus id      {gpu.PciBusId ?? "unknown"}");
        writer.WriteLine($"  architecture    {gpu.Architecture?.ToString() ?? "unknown"}");
        writer.WriteLine($"  energy counter  {(gpu.HasEnergyCounter ? "yes" : "no (energy from integrated power)")}");
        writer.WriteLine(
            gpu.MinSmClock is { } min && gpu.MaxSmClock is { } max
                ? string.Create(c, $"  SM clock range  {min.Megahertz:0}–{max.Megahertz:0} MHz")
                : "  SM clock range  not reported"
        );
        writer.WriteLine(
            gpu.PowerLimitRange is { } range
                ? string.Create(
                    c,
                    $"  power limit     {gpu.PowerLimit?.Watts ?? double.NaN:0} W (range "
                        + $"{range.Minimum.Watts:0}–{range.Maximum.Watts:0} W, default "
                        + $"{gpu.DefaultPowerLimit?.Watts ?? double.NaN:0} W)"
                )
                : "  power limit     not adjustable"
        );
    }
}
