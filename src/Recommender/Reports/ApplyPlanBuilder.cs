using System.Collections.Immutable;
using System.Globalization;
using MLEnergy.Recommender.Knobs;
using MLEnergy.Recommender.Spaces;

namespace MLEnergy.Recommender.Reports;

/// <summary>
/// Turns a configuration into an <see cref="ApplyPlan"/>: clock caps become <c>nvidia-smi -lgc LOW,CAP</c> with LOW
/// the GPU's lowest supported clock (or the cap, when it is lower), the range <c>mlenergy apply</c> locks; power limits
/// <c>nvidia-smi -pl W</c>; server knobs vLLM-style flags. The revert commands put the baseline's GPU settings back.
/// </summary>
public static class ApplyPlanBuilder
{
    public static ApplyPlan Build(
        SearchSpace space,
        Configuration configuration,
        ApplyGpuFacts? facts = null,
        Configuration? baseline = null,
        IReadOnlyList<int>? gpuIndices = null
    )
    {
        facts ??= ApplyGpuFacts.Unknown;
        var notes = ImmutableArray.CreateBuilder<string>();
        var count = GpuCount(space, configuration);
        ImmutableArray<int> gpus = gpuIndices is { Count: > 0 } ? [.. gpuIndices] : [.. Enumerable.Range(0, count)];
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
                    var low = Math.Min(LowestClock(knob, value, facts, notes), value.Number ?? 0);
                    gpuCommands.AddRange(gpus.Select(i => Invariant($"nvidia-smi -i {i} -lgc {low},{value.Text}")));
                    break;
                case KnobKind.GpuPowerLimit:
                    gpuCommands.AddRange(gpus.Select(i => Invariant($"nvidia-smi -i {i} -pl {value.Text}")));
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

        return new ApplyPlan(count, gpuCommands.ToImmutable(), flags.ToImmutable(), notApplied.ToImmutable())
        {
            Gpus = gpus,
            RevertCommands = Revert(space, configuration, facts, baseline, gpus),
            Notes = notes.ToImmutable(),
        };
    }

    /// <summary>
    /// The lowest clock of the lock: the GPU's lowest supported one when known, else the lowest of the knob's values
    /// (with a note that <c>mlenergy apply</c> on the host locks from the GPU's own lowest clock).
    /// </summary>
    private static double LowestClock(
        Knob knob,
        KnobValue cap,
        ApplyGpuFacts facts,
        ImmutableArray<string>.Builder notes
    )
    {
        if (facts.LowestClockMhz is { } known)
        {
            return known;
        }

        notes.Add(
            "the GPU's lowest clock was not known here: the lock starts at the space's lowest clock; "
                + "'mlenergy apply' on the host starts it at the GPU's own lowest clock"
        );
        return knob.Values.Where(v => v.IsNumber).Select(v => v.Number!.Value).DefaultIfEmpty(cap.Number ?? 0).Min();
    }

    /// <summary>
    /// Commands that put the baseline's GPU settings back for the knobs the configuration sets: the clock lock reset
    /// (or the baseline's cap, when it had one below the top of the range), and the baseline's power limit (else
    /// the GPU's default, else the highest limit of the space).
    /// </summary>
    private static ImmutableArray<string> Revert(
        SearchSpace space,
        Configuration configuration,
        ApplyGpuFacts facts,
        Configuration? baseline,
        ImmutableArray<int> gpus
    )
    {
        var commands = ImmutableArray.CreateBuilder<string>();
        foreach (var knob in space.Knobs.Where(k => configuration.TryGet(k.Name, out _)))
        {
            var before = baseline is not null && baseline.TryGet(knob.Name, out var b) && b.IsNumber ? b.Number : null;
            var top = knob.Values.Where(v => v.IsNumber).Select(v => v.Number!.Value).DefaultIfEmpty(0).Max();
            switch (knob.Kind)
            {
                case KnobKind.GpuSmClockCap when before is { } cap && cap < top:
                    var low = Math.Min(facts.LowestClockMhz ?? cap, cap);
                    commands.AddRange(gpus.Select(i => Invariant($"nvidia-smi -i {i} -lgc {low},{cap}")));
                    break;
                case KnobKind.GpuSmClockCap:
                    commands.AddRange(gpus.Select(i => Invariant($"nvidia-smi -i {i} -rgc")));
                    break;
                case KnobKind.GpuPowerLimit:
                    var watts = before ?? facts.DefaultPowerLimitWatts ?? top;
                    commands.AddRange(gpus.Select(i => Invariant($"nvidia-smi -i {i} -pl {watts}")));
                    break;
            }
        }

        return commands.ToImmutable();
    }

    /// <summary>
    /// The indices among <paramref name="gpuIndices"/> that the run did not measure: it measured the GPUs one server
    /// uses (<see cref="GpuCount"/>), from index 0.
    /// </summary>
    public static IReadOnlyList<int> Unmeasured(
        SearchSpace space,
        Configuration configuration,
        IReadOnlyList<int> gpuIndices
    ) => [.. gpuIndices.Where(i => i < 0 || i >= GpuCount(space, configuration)).Distinct().Order()];

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
