using MLEnergy.Recommender.Knobs;
using MLEnergy.Recommender.Reports;
using MLEnergy.Recommender.Tests.Support;

namespace MLEnergy.Recommender.Tests.Reports;

public sealed class ApplySnippetsTests
{
    private static readonly MLEnergy.Recommender.Spaces.SearchSpace PowerSpace = ReportFixture.Space with
    {
        Knobs =
        [
            .. ReportFixture.Space.Knobs,
            new Knob("power_limit_w", KnobKind.GpuPowerLimit, [KnobValue.Of(300), KnobValue.Of(700)], false),
        ],
    };

    private static readonly Configuration Chosen = ReportFixture
        .Config(1410, 64)
        .With("power_limit_w", KnobValue.Of(300));

    [Fact]
    public void TheVllmFormatIsTheServingCommandWithTheRecommendedFlags() =>
        ApplySnippets
            .Lines("vllm", PowerSpace, Chosen)
            .Should()
            .Equal("vllm serve Qwen/Qwen3-8B --max-num-seqs 64 --quantization none");

    [Fact]
    public void TheSystemdUnitSetsTheClocksAndPowerLimitAtBootAndResetsTheClocksOnStop()
    {
        var unit = ApplySnippets.Lines("systemd", PowerSpace, Chosen).ToList();

        unit.Should().Contain("ExecStart=/usr/bin/nvidia-smi -i 1 -lgc 990,1410");
        unit.Should().Contain("ExecStart=/usr/bin/nvidia-smi -i 0 -pl 300");
        unit.Should().Contain("ExecStop=/usr/bin/nvidia-smi -i 1 -rgc");
        unit.Should().Contain("WantedBy=multi-user.target");
    }

    [Fact]
    public void TheKubernetesFormatIsDynamosPowerLimitAnnotation()
    {
        ApplySnippets
            .Lines("k8s", PowerSpace, Chosen)
            .Should()
            .Equal("metadata:", "  annotations:", "    dynamo.nvidia.com/gpu-power-limit: \"300\"");
        ApplySnippets
            .Lines("k8s", ReportFixture.Space, ReportFixture.Config(1410, 64))
            .Single()
            .Should()
            .StartWith("#");
    }
}
