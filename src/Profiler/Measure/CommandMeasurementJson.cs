using System.Text;
using System.Text.Json;
using MLEnergy.Profiler.Devices;

namespace MLEnergy.Profiler.Measure;

/// <summary>The machine-readable summary of a measured command: one JSON object on one line.</summary>
public static class CommandMeasurementJson
{
    public static string Write(CommandMeasurement measurement)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream))
        {
            json.WriteStartObject();
            json.WriteString("command", measurement.Command);
            json.WriteNumber("exit_code", measurement.ExitCode);
            DeviceReportJson.WriteNumber(json, "elapsed_s", measurement.Elapsed.TotalSeconds);
            json.WriteNumber("samples", measurement.SampleCount);
            json.WriteStartArray("sources");
            foreach (var source in measurement.Sources)
            {
                json.WriteStartObject();
                json.WriteString("name", source.Name);
                json.WriteString("kind", source.Kind.ToString());
                json.WriteString("method", source.Method.ToString());
                DeviceReportJson.WriteNumber(json, "energy_j", source.Energy.Joules);
                DeviceReportJson.WriteNumber(json, "average_power_w", source.AveragePower.Watts);
                DeviceReportJson.WriteNumber(json, "peak_power_w", source.PeakPower?.Watts);
                json.WriteBoolean("estimated", source.Estimated);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartArray("absent");
            foreach (var absent in measurement.Absent)
            {
                json.WriteStartObject();
                json.WriteString("name", absent.Name);
                json.WriteString("reason", absent.Reason);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartArray("warnings");
            foreach (var warning in measurement.Warnings)
            {
                json.WriteStringValue(warning);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
