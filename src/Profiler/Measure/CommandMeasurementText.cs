using System.Globalization;
using MLEnergy.Units;

namespace MLEnergy.Profiler.Measure;

/// <summary>
/// The person-readable summary of a measured command, in the manner of <c>perf stat</c>; numbers as every other
/// command writes them (<see cref="NumberText"/>).
/// </summary>
public static class CommandMeasurementText
{
    public static void Write(CommandMeasurement measurement, TextWriter writer)
    {
        var c = CultureInfo.InvariantCulture;
        writer.WriteLine();
        writer.WriteLine($" Energy of '{measurement.Command}' (exit code {measurement.ExitCode.ToString(c)}):");
        writer.WriteLine();
        writer.WriteLine($"   elapsed        {DurationText.Format(measurement.Elapsed)}");
        foreach (var source in measurement.Sources)
        {
            var peak = source.PeakPower is { } p ? NumberText.Of(p.Watts) + " W peak" : "peak not sampled";
            var notes = source.Estimated ? ", estimated from power × time" : string.Empty;
            writer.WriteLine(
                $"   {source.Name, -14} {NumberText.Of(source.Energy.Joules), 12} J   "
                    + $"{NumberText.Of(source.AveragePower.Watts), 8} W avg   {peak}{notes}"
            );
        }

        foreach (var absent in measurement.Absent)
        {
            writer.WriteLine($"   {absent.Name, -14} not measured: {absent.Reason}");
        }

        foreach (var warning in measurement.Warnings)
        {
            writer.WriteLine($" warning: {warning}");
        }
    }
}
