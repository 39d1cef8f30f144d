using MLEnergy.Simulation.Engine;
using MLEnergy.Simulation.Hardware;
using MLEnergy.Simulation.Load;

namespace MLEnergy.Simulation.Tests.Engine;

/// <summary>
/// Data-parallel attention with expert parallelism as vLLM 0.11 runs it: each rank schedules its own requests, the
/// front end sends each request to the rank with the least 4 × waiting + running, and the ranks step in lockstep
/// because the experts' exchange spans them all, so one rank's prompt chunk lengthens every rank's step.
/// </summary>
public sealed class DataParallelTests
{
    private const string Model = "Qwen/Qwen3-30B-A3B-Instruct-2507";

    [Fact]
    public void OneRanksPromptChunkLengthensTheStepOfEveryRank()
    {
        // Requests 1 and 3 go to rank 0, 2 and 4 to rank 1 (all decoding), the 6,000-token prompt 5 to rank 0: the
        // first step carries its whole prompt (one chunk of the rank's 8,192-token budget).
        var (times, _) = Run(promptTokens: 6000);

        var withChunk = times[2][0];
        var decodeOnly = times[2][5] - times[2][4];
        times[1][0].Should().Be(withChunk, "rank 0's step with the chunk is rank 1's step too");
        withChunk.Should().BeGreaterThan(decodeOnly * 3, "rank 1 decodes two sequences, rank 0 a 6,000-token chunk");
        times[5][0].Should().Be(withChunk, "the prompt's first token comes out with that step");
    }

    [Fact]
    public void ARankWithoutPromptsStepsAsSlowlyAsTheSlowestRank()
    {
        var (withPrompt, _) = Run(promptTokens: 6000);
        var (withoutPrompt, _) = Run(promptTokens: 0);

        withPrompt[2][0].Should().BeGreaterThan(withoutPrompt[2][0] * 3, "rank 1 waits for rank 0's prompt");
    }

    [Fact]
    public void RequestsGoToTheRankWithTheLeastWaitingTimesFourPlusRunning()
    {
        var (_, ranks) = Run(promptTokens: 6000);

        ranks[0].Should().Equal(1, 3, 5);
        ranks[1].Should().Equal(2, 4);
    }

    [Fact]
    public void ARankRunsItsDenseLayersOnItsBatchPaddedToTheBusiestRanks()
    {
        // Two decoding sequences padded to the other rank's 6,000 tokens cost the dense matmuls what a step of
        // 6,000 tokens of its own costs; the experts run on both ranks' padded tokens either way.
        var host = SimulatedHost.CreateDefault();
        var cost = new StepCostModel(
            host.Models.Get(Model),
            host.Gpus.Get("H100-SXM-80GB"),
            host.Calibration,
            1,
            true,
            dataParallel: 2
        );

        var padded = cost.Mix(2, 2_000, 0, 0, 2, routedTokens: 12_000, exchangedTokens: 12_000, paddedTokens: 6_000);
        var own = cost.Mix(2, 2_000, 5_998, 0, 3, routedTokens: 12_000, exchangedTokens: 12_000);
        var unpadded = cost.Mix(2, 2_000, 0, 0, 2, routedTokens: 12_000, exchangedTokens: 12_000);

        padded.MatmulComputeSeconds.Should().BeApproximately(own.MatmulComputeSeconds, 1e-12);
        // 5,998 padded tokens × 2 × 1,229,717,504 shared weights (attention 48 × 18,874,368, routers 48 × 262,144,
        // LM head 311,164,928) at 989 TFLOP/s × 0.8094 = 18.42817 ms.
        (padded.MatmulComputeSeconds - unpadded.MatmulComputeSeconds)
            .Should()
            .BeApproximately(18.42817e-3, 1e-8);
    }

    [Fact]
    public void ARankHoldsTheAttentionWholeAndItsShareOfTheExperts()
    {
        var host = SimulatedHost.CreateDefault();
        var model = host.Models.Get(Model);
        var gpu = host.Gpus.Get("H100-SXM-80GB");
        var rank = new StepCostModel(model, gpu, host.Calibration, 1, true, dataParallel: 2);
        var group = new StepCostModel(model, gpu, host.Calibration, 2, true);

        var experts = model.RoutedExpertParameters * model.ExpertBytesPerWeight;
        rank.WeightBytesPerGpu.Should().BeApproximately(model.WeightBytes - (experts / 2), 1);
        group.WeightBytesPerGpu.Should().BeApproximately(model.WeightBytes / 2.0, 1);
        rank.CacheBytesPerTokenPerGpu.Should().Be(2 * group.CacheBytesPerTokenPerGpu, "a rank keeps whole KV heads");
    }

    private static (Dictionary<long, List<double>> Times, List<long>[] Ranks) Run(int promptTokens)
    {
        var host = SimulatedHost.CreateDefault();
        var model = host.Models.Get(Model);
        var gpu = host.Gpus.Get("H100-SXM-80GB");
        List<PendingRequest> requests =
        [
            .. Enumerable.Range(1, 4).Select(id => new PendingRequest(id, 0, 100, 1000, AlreadyGenerated: 10)),
        ];
        if (promptTokens > 0)
        {
            requests.Add(new PendingRequest(5, 0, promptTokens, 50));
        }

        var observer = new TokenTimes();
        var cost = new StepCostModel(model, gpu, host.Calibration, 1, true, dataParallel: 2);
        var group = new DataParallelGroup(
            new TraceArrivals(requests),
            2,
            (rank, sent) =>
                new ReplicaEngine(
                    cost,
                    new GpuPowerModel(gpu, rooflineExponent: host.Calibration.RooflineExponent),
                    new EngineLimits(8, 8192, host.Calibration.KvBlockTokens),
                    sent,
                    new WindowMeter(0, double.PositiveInfinity, rank),
                    HostStalls.None,
                    observer.For(rank)
                )
        );
        for (var i = 0; i < 8; i++)
        {
            group.Step(double.PositiveInfinity);
        }

        return (observer.Times, observer.Ranks);
    }

    private sealed class TokenTimes
    {
        public Dictionary<long, List<double>> Times { get; } = [];

        public List<long>[] Ranks { get; } =
        [
            [],
            [],
        ];

        public ITokenObserver For(int rank) => new RankTokens(this, rank);

        private sealed class RankTokens(TokenTimes times, int rank) : ITokenObserver
        {
            public void OnToken(long requestId, double time, int tokenIndex, bool last)
            {
                if (!times.Times.TryGetValue(requestId, out var list))
                {
                    times.Times[requestId] = list = [];
                    times.Ranks[rank].Add(requestId);
                }

                list.Add(time);
            }
        }
    }
}
