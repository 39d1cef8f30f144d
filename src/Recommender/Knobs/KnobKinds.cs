namespace MLEnergy.Recommender.Knobs;

/// <summary>The YAML spelling of each <see cref="KnobKind"/> and the facts that follow from the kind.</summary>
public static class KnobKinds
{
    private static readonly (KnobKind Kind, string Name)[] Names =
    [
        (KnobKind.GpuSmClockCap, "gpu_sm_clock_cap"),
        (KnobKind.GpuPowerLimit, "gpu_power_limit"),
        (KnobKind.ServerBatchSize, "server_batch_size"),
        (KnobKind.TensorParallel, "tensor_parallel"),
        (KnobKind.Replicas, "replicas"),
        (KnobKind.ServerArgument, "server_argument"),
        (KnobKind.Hardware, "hardware"),
    ];

    public static IEnumerable<string> YamlNames => Names.Select(n => n.Name);

    public static bool TryParse(string text, out KnobKind kind)
    {
        foreach (var (k, name) in Names)
        {
            if (string.Equals(name, text, StringComparison.OrdinalIgnoreCase))
            {
                kind = k;
                return true;
            }
        }

        kind = default;
        return false;
    }

    public static string ToYamlName(this KnobKind kind) => Names.First(n => n.Kind == kind).Name;

    /// <summary>Whether changing a knob of this kind needs the serving process relaunched.</summary>
    public static bool RestartsServerByDefault(this KnobKind kind) =>
        kind is not (KnobKind.GpuSmClockCap or KnobKind.GpuPowerLimit);
}
