using System.Globalization;
using MLEnergy.Runtime.Plans;

namespace MLEnergy.Cli.Output;

/// <summary>One line on stderr as each load level of a plan starts; nothing with <c>--json</c>.</summary>
internal sealed class LevelProgressPrinter(TextWriter output, bool quiet) : IProgress<LevelStart>
{
    public void Report(LevelStart value)
    {
        if (quiet)
        {
            return;
        }

        var rate = Rate(value.RequestsPerSecond);
        output.WriteLine(
            value.ServerKnobs is null
                ? $"Level {value.Number}/{value.Count}: {rate} requests/s, every knob (the server knobs chosen here "
                    + "are shared by all levels)"
                : $"Level {value.Number}/{value.Count}: {rate} requests/s, GPU knobs only "
                    + $"({string.Join(" ", value.ServerKnobs.Values.Select(kv => $"{kv.Key}={kv.Value}"))}), "
                    + $"starting from the best at {Rate(value.WarmStartFrom ?? value.RequestsPerSecond)} requests/s"
        );
    }

    private static string Rate(double rate) => rate.ToString("0.###", CultureInfo.InvariantCulture);
}
