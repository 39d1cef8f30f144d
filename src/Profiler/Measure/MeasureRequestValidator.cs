using MLEnergy.Profiler.Telemetry;
using MLEnergy.Units;

namespace MLEnergy.Profiler.Measure;

/// <summary>Findings about a request before anything is started; each is one line for the person.</summary>
public static class MeasureRequestValidator
{
    public static IReadOnlyList<string> Validate(MeasureRequest request, IGpuTelemetry gpus, string? gpuUnavailable)
    {
        var findings = new List<string>();
        if (string.IsNullOrWhiteSpace(request.Command))
        {
            findings.Add("no command to measure: mlenergy measure [options] -- COMMAND [ARGS...]");
        }

        if (request.Interval < MeasureRequest.MinimumInterval)
        {
            findings.Add($"--interval {DurationText.Format(request.Interval)} is too short: the minimum is 10 ms");
        }

        var readable = gpus.Devices.Select(d => d.Index).ToHashSet();
        var counted = readable.Concat(gpus.Unreachable.Select(g => g.Index)).ToArray();
        var count = counted.Length == 0 ? 0 : counted.Max() + 1;
        foreach (var gpu in request.Gpus ?? [])
        {
            if (gpu >= 0 && gpu < count && !readable.Contains(gpu))
            {
                var reason = gpus.Unreachable.FirstOrDefault(g => g.Index == gpu)?.Reason;
                findings.Add($"--gpus names GPU {gpu}, which the driver cannot reach: {reason}");
            }
            else if (gpu < 0 || gpu >= count)
            {
                findings.Add(
                    count == 0
                        ? $"--gpus names GPU {gpu}, but this host has none ({gpuUnavailable ?? "no NVIDIA devices"})"
                        : $"--gpus names GPU {gpu}, which does not exist (this host has {count}: 0–{count - 1})"
                );
            }
        }

        if (request.Gpus is { } chosen && chosen.Distinct().Count() != chosen.Count)
        {
            findings.Add("--gpus names a GPU more than once");
        }

        return findings;
    }
}
