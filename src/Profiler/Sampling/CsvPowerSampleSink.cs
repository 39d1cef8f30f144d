using System.Globalization;

namespace MLEnergy.Profiler.Sampling;

/// <summary>
/// Writes samples as CSV: <c>timestamp,device,power_w,energy_j,sm_clock_mhz</c>; timestamp in Unix seconds, absent
/// readings as empty cells; every row is flushed as it is written, so the trace can be followed while the command
/// runs. Does not own the writer.
/// </summary>
public sealed class CsvPowerSampleSink : IPowerSampleSink
{
    public const string Header = "timestamp,device,power_w,energy_j,sm_clock_mhz";

    private readonly TextWriter _writer;
    private readonly Lock _gate = new();

    public CsvPowerSampleSink(TextWriter writer)
    {
        _writer = writer;
        _writer.WriteLine(Header);
    }

    public static string Format(PowerSample sample)
    {
        var culture = CultureInfo.InvariantCulture;
        var seconds = sample.Timestamp.ToUnixTimeMilliseconds() / 1000.0;
        return string.Join(
            ',',
            seconds.ToString("0.000", culture),
            sample.Device,
            sample.Power?.Watts.ToString("0.###", culture) ?? string.Empty,
            sample.Energy?.Joules.ToString("0.###", culture) ?? string.Empty,
            sample.SmClock?.Megahertz.ToString("0", culture) ?? string.Empty
        );
    }

    public void Write(PowerSample sample)
    {
        var line = Format(sample);
        lock (_gate)
        {
            _writer.WriteLine(line);
            _writer.Flush();
        }
    }
}
