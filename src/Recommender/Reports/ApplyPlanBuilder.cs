using System.Collections.Immutable;
using System.Globalization;
using MLEnergy.Recommender.Knobs;
using MLEnergy.Recommender.Spaces;

namespace MLEnergy.Recommender.Reports;

/// <summary>
/// Turns a configuration into an <see cref="ApplyPlan"/>: clock caps become <c>nvidia-smi -lgc MIN,CAP</c>
/// (MIN is the lowest clock of the space), power limits <c>nvidia-smi -pl W</c>, server knobs vLLM-style flags.
/// </summary>
public static class ApplyPlanBuilder
{
    public static ApplyPlan Build(SearchSpace space, Configuration configuration)
    {
        var gpus = GpuCount(space, configuration);
        var gpuCommands = ImmutableArray.CreateBuilder<string>();
        var flags = ImmutableArray.CreateBuilder<string>();
        var notApplied = ImmutableArray.CreateBuilder<string>();
        foreach (var knob in space.Knobs)
        {
            if (!configuration.TryGet(knob.Name, out var raw))
            {
                continue;
            }

            var value = ShellValue.Checked(knob, raw);

            switch (knob.Kind)
            {
                case KnobKind.GpuSmClockCap:
                    var floor = knob
                        .Values.Where(v => v.IsNumber)
                        .Select(v => v.Number!.Value)
                        .DefaultIfEmpty(value.Number ?? 0)
                        .Min();
                    gpuCommands.AddRange(
                        Enumerable.Range(0, gpus).Select(i => Invariant($"nvidia-smi -i {i} -lgc {floor},{value.Text}"))
                    );
                    break;
                case KnobKind.GpuPowerLimit:
                    gpuCommands.AddRange(
                        Enumerable.Range(0, gpus).Select(i => Invariant($"nvidia-smi -i {i} -pl {value.Text}"))
                    );
                    break;
                case KnobKind.ServerBatchSize:
                    flags.Add($"{Flag(knob.Name == "batch_size" ? "batch_size" : "max_num_seqs")} {value.Text}");
                    break;
                case KnobKind.TensorParallel:
                    flags.Add($"--tensor-parallel-size {value.Text}");
                    break;
                case KnobKind.Replicas when knob.Name == "data_parallel":
                    flags.Add($"--data-parallel-size {value.Text}");
                    break;
                case KnobKind.Replicas:
                    notApplied.Add($"{knob.Name}={value.Text}: run this many server replicas");
                    break;
                case KnobKind.ServerArgument when knob.Name == "expert_parallel":
                    if (value.Number > 1)
                    {
                        flags.Add("--enable-expert-parallel");
                    }

                    break;
                case KnobKind.ServerArgument:
                    flags.Add($"{Flag(knob.Name)} {value.Text}");
                    break;
                default:
                    notApplied.Add($"{knob.Name}={value.Text}: hardware, not a setting");
                    break;
            }
        }

        return new ApplyPlan(gpus, gpuCommands.ToImmutable(), flags.ToImmutable(), notApplied.ToImmutable());
    }

    /// <summary>
    /// The GPUs one server uses: a <c>num_gpus</c> knob, else the space's <c>gpus</c> variable, else 1.
    /// </summary>
    public static int GpuCount(SearchSpace space, Configuration configuration) =>
        configuration.Number("num_gpus") is { } n ? ShellValue.Count("num_gpus", n)
        : space.Variables.TryGetValue("gpus", out var gpus) ? ShellValue.Count("gpus", gpus)
        : 1;

    private static string Flag(string knob) => ShellValue.Quote("--" + knob.Replace('_', '-'));

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
