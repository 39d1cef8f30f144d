using System.Globalization;
using MLEnergy.Recommender.Knobs;
using MLEnergy.Recommender.Spaces;

namespace MLEnergy.Recommender.Reports;

/// <summary>
/// Ready-to-deploy forms of a recommendation: the vLLM command line, a systemd unit that sets the GPU clocks and
/// power limit at boot, and the Kubernetes pod annotation NVIDIA Dynamo's power agent reads.
/// </summary>
public static class ApplySnippets
{
    /// <summary>The formats <c>apply --print --format</c> accepts besides the plain shell lines.</summary>
    public static readonly IReadOnlyList<string> Formats = ["shell", "vllm", "systemd", "k8s"];

    /// <summary>
    /// Whether the format names GPUs by index (the <c>nvidia-smi -i N</c> lines of shell and systemd), so that a choice
    /// of GPUs can be said in it; the vLLM command and the pod annotation name none.
    /// </summary>
    public static bool NamesGpus(string format) => format is "shell" or "systemd";

    /// <summary>The annotation NVIDIA Dynamo's power agent reads for a pod's GPU power limit (watts).</summary>
    public const string DynamoPowerLimitAnnotation = "dynamo.nvidia.com/gpu-power-limit";

    public static IEnumerable<string> Lines(
        string format,
        SearchSpace space,
        Configuration configuration,
        ApplyGpuFacts? facts = null,
        Configuration? baseline = null,
        IReadOnlyList<int>? gpuIndices = null
    ) =>
        format switch
        {
            "shell" => ApplyPlanBuilder.Build(space, configuration, facts, baseline, gpuIndices).Lines(),
            "vllm" => Vllm(space, configuration),
            "systemd" => Systemd(
                ApplyPlanBuilder.Build(space, configuration, facts, baseline, gpuIndices),
                space,
                configuration
            ),
            "k8s" => Kubernetes(space, configuration),
            _ => throw new ArgumentOutOfRangeException(
                nameof(format),
                $"unknown format '{format}': use {string.Join(", ", Formats)}"
            ),
        };

    private static IEnumerable<string> Vllm(SearchSpace space, Configuration configuration)
    {
        var plan = ApplyPlanBuilder.Build(space, configuration);
        yield return $"vllm serve {space.Model ?? "MODEL"} {string.Join(' ', plan.ServerFlags)}".TrimEnd();
    }

    private static IEnumerable<string> Systemd(ApplyPlan plan, SearchSpace space, Configuration configuration)
    {
        yield return "# /etc/systemd/system/mlenergy-gpu-settings.service";
        yield return "[Unit]";
        yield return $"Description=GPU settings recommended by mlenergy for {space.Name}";
        yield return "After=nvidia-persistenced.service";
        yield return string.Empty;
        yield return "[Service]";
        yield return "Type=oneshot";
        yield return "RemainAfterExit=yes";
        foreach (var command in plan.GpuCommands)
        {
            yield return $"ExecStart=/usr/bin/{command}";
        }

        if (space.Knobs.Any(k => k.Kind == KnobKind.GpuSmClockCap && configuration.TryGet(k.Name, out _)))
        {
            foreach (var gpu in plan.Gpus)
            {
                yield return string.Create(CultureInfo.InvariantCulture, $"ExecStop=/usr/bin/nvidia-smi -i {gpu} -rgc");
            }
        }

        yield return string.Empty;
        yield return "[Install]";
        yield return "WantedBy=multi-user.target";
    }

    private static IEnumerable<string> Kubernetes(SearchSpace space, Configuration configuration)
    {
        var limit = space
            .Knobs.Where(k => k.Kind == KnobKind.GpuPowerLimit)
            .Select(k => configuration.TryGet(k.Name, out var v) ? v.Text : null)
            .FirstOrDefault(v => v is not null);
        return DynamoAnnotation(limit, "the recommendation sets no GPU power limit");
    }

    /// <summary>
    /// The pod annotation with a power limit in watts (<paramref name="watts"/> as written), or one comment line saying
    /// why there is none.
    /// </summary>
    public static IEnumerable<string> DynamoAnnotation(string? watts, string whyNone)
    {
        if (watts is null)
        {
            yield return $"# {whyNone}: no annotation to add";
            yield break;
        }

        yield return "metadata:";
        yield return "  annotations:";
        yield return $"    {DynamoPowerLimitAnnotation}: \"{watts}\"";
    }
}
