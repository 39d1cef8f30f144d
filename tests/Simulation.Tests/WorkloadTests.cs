using MLEnergy.Simulation;
using MLEnergy.Simulation.Load;

namespace MLEnergy.Simulation.Tests;

public sealed class WorkloadTests
{
    private static readonly SimulatedHost Host = SimulatedHost.CreateDefault();

    [Theory]
    [InlineData("gpqa", "gpqa")]
    [InlineData("GPQA", "gpqa")]
    [InlineData("lm-arena-chat", "lm-arena-chat")]
    [InlineData("chat", "lm-arena-chat")]
    [InlineData("sourcegraph_fim", "sourcegraph-fim")]
    [InlineData("fim", "sourcegraph-fim")]
    [InlineData("image-chat", "image-chat")]
    [InlineData("video", "video-chat")]
    [InlineData("azure_conv", "azure-conv")]
    public void WorkloadNamesParseWithTheirShortForms(string text, string name)
    {
        Workloads.Parse(text).Name.Should().Be(name);
    }

    [Fact]
    public void TheAzureConversationWorkloadDrawsLengthsWithTheShippedTracesMeans()
    {
        var model = Host.Models.Get("meta-llama/Llama-3.1-8B-Instruct");
        var lengths = Workloads.AzureConv.LengthsFor(model);
        var random = new Random(7);

        var prompts = Enumerable.Range(0, 20_000).Select(_ => lengths.Prompt.Sample(random)).ToList();
        var outputs = Enumerable.Range(0, 20_000).Select(_ => lengths.Output.Sample(random)).ToList();

        // data/traces/AzureLLMInferenceTrace_conv.csv: ContextTokens mean 1,154.7, GeneratedTokens mean 211.1.
        prompts.Average().Should().BeApproximately(1155, 40);
        outputs.Average().Should().BeApproximately(211, 8);
        prompts.Max().Should().BeLessThanOrEqualTo(14050);
    }

    [Fact]
    public void ChatPromptsAreMostlyShortFirstTurnsAndSomeLongFollowUpsCarryingTheConversation()
    {
        var prompt = Workloads.LmArenaChat.Prompt;
        var random = new Random(11);

        var drawn = Enumerable.Range(0, 40_000).Select(_ => prompt.Sample(random)).Order().ToList();
        var inFlight = Enumerable.Range(0, 40_000).Select(_ => prompt.SampleInFlight(random)).ToList();

        // 85 % first turns (mean 120, σ 1.4: median 45, 6 % of them over 400 tokens), 15 % follow-ups (mean 900,
        // σ 0.8: median 654, 73 % of them over 400): mean 0.85 × 120 + 0.15 × 900 = 237, median 62, 16 % over 400.
        drawn.Average().Should().BeApproximately(237, 15);
        drawn[drawn.Count / 2].Should().BeInRange(55, 70);
        (drawn.Count(p => p > 400) / (double)drawn.Count).Should().BeApproximately(0.16, 0.01);
        // In flight, lengths weigh by themselves: E[L²] / E[L] = (0.85 × 120² e^1.96 + 0.15 × 900² e^0.64) / 237
        // ≈ 1,340 (a little less where the longest prompts are cut at 8,192).
        inFlight.Average().Should().BeInRange(1180, 1380);
        drawn.Max().Should().BeLessThanOrEqualTo(8192);
    }

    [Fact]
    public void AMixtureWithoutItsSecondComponentDrawsAsItsFirstAlone()
    {
        var alone = new LengthDistribution(60, 1.0, 4, 8192);
        var unused = alone with { Longer = new LengthDistribution(1200, 0.8, 4, 8192), LongerShare = 0 };

        var a = Enumerable.Range(0, 100).Select(_ => alone.Sample(new Random(5))).ToList();
        var b = Enumerable.Range(0, 100).Select(_ => unused.Sample(new Random(5))).ToList();

        b.Should().Equal(a);
    }

    [Fact]
    public void AnUnknownWorkloadNamesTheKnownOnes()
    {
        var act = () => Workloads.Parse("poetry");

        act.Should().Throw<FormatException>().WithMessage("*gpqa*sourcegraph-fim*");
    }

    [Theory]
    [InlineData("saturate@gpqa")]
    [InlineData("poisson:2.5@sourcegraph-fim")]
    [InlineData("concurrency:64@image-chat")]
    [InlineData("trace:requests.jsonl@lm-arena-chat")]
    public void EveryLoadKindTakesAWorkloadAndPrintsItBack(string text)
    {
        LoadSpec.Parse(text).ToString().Should().Be(text);
    }

    [Fact]
    public void ATracePathWithAnAtSignStaysAPath()
    {
        LoadSpec.Parse("trace:runs@night.jsonl").Should().Be(LoadSpec.FromTrace("runs@night.jsonl"));
    }

    [Fact]
    public void GpqaAllowsThirtyTwoThousandTokenSequencesAndTheConfigurationCanSayOtherwise()
    {
        var config = new SimulatedServingConfig("Qwen/Qwen3-8B", "H100", MaxNumSeqs: 64);

        Workloads.Gpqa.MaxModelLen.Should().Be(32768);
        Host.Run(
                config,
                LoadSpec.Saturate.WithWorkload(Workloads.Gpqa),
                TimeSpan.FromSeconds(5),
                TimeSpan.FromSeconds(10),
                1
            )
            .Feasible.Should()
            .BeTrue();
        Host.FindInfeasibility(config with { MaxModelLen = 8 }).Should().Contain("max_model_len");
    }

    [Fact]
    public void LongReasoningOutputsRaiseInterTokenLatencyAndLongFimPromptsLowerTokensPerRequest()
    {
        var config = new SimulatedServingConfig("Qwen/Qwen3-8B", "H100", MaxNumSeqs: 128);
        SimulatedTrialResult Run(Workload workload) =>
            Host.Run(
                config,
                LoadSpec.Saturate.WithWorkload(workload),
                TimeSpan.FromSeconds(20),
                TimeSpan.FromSeconds(30),
                3
            );

        var chat = Run(Workloads.LmArenaChat);
        var gpqa = Run(Workloads.Gpqa);
        var fim = Run(Workloads.SourcegraphFim);

        gpqa.MedianInterTokenLatency.Should().BeGreaterThan(chat.MedianInterTokenLatency * 1.2);
        var chatPrompt = chat.Requests.Average(r => r.PromptTokens);
        fim.Requests.Average(r => r.PromptTokens).Should().BeGreaterThan(5 * chatPrompt);
        fim.Requests.Average(r => r.OutputTokens).Should().BeLessThan(chat.Requests.Average(r => r.OutputTokens));
    }
}
