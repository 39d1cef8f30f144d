using MLEnergy.Simulation.Engine;
using MLEnergy.Simulation.Hardware;
using MLEnergy.Simulation.Load;

namespace MLEnergy.Simulation.Tests.Engine;

/// <summary>
/// The scheduler as vLLM V1's: each step first gives every decoding sequence its token, then fills what is left of
/// max_num_batched_tokens with prompt chunks; the decoding sequences of a step with a chunk wait for it.
/// </summary>
public sealed class ChunkedPrefillTests
{
    [Fact]
    public void ALongPromptIsSplitOverStepsByWhatTheDecodingSequencesLeaveOfTheTokenBudget()
    {
        // Budget 1,024 with 4 sequences decoding leaves 1,020 prompt tokens a step: a 3,000-token prompt takes 3.
        var times = Run(budget: 1024, promptTokens: 3000);

        var decodeSteps = times[1];
        times[99][0].Should().Be(decodeSteps[2], "the prompt's first token comes out with the third step");
    }

    [Fact]
    public void EveryDecodingSequenceOfAStepWithAPromptChunkWaitsForTheChunk()
    {
        var times = Run(budget: 1024, promptTokens: 3000);

        var steps = times[1];
        var withChunk = steps[1] - steps[0];
        var decodeOnly = steps[5] - steps[4];
        withChunk.Should().BeGreaterThan(decodeOnly * 2, "1,020 prompt tokens cost far more than 5 decode tokens");
        foreach (var id in new[] { 2L, 3L, 4L })
        {
            (times[id][1] - times[id][0]).Should().Be(withChunk, "the whole batch shares the step");
        }
    }

    private static Dictionary<long, List<double>> Run(int budget, int promptTokens)
    {
        var host = SimulatedHost.CreateDefault();
        var model = host.Models.Get("Qwen/Qwen3-8B");
        var gpu = host.Gpus.Get("H100-SXM-80GB");
        List<PendingRequest> requests =
        [
            .. Enumerable.Range(1, 4).Select(id => new PendingRequest(id, 0, 100, 1000, AlreadyGenerated: 10)),
            new PendingRequest(99, 0, promptTokens, 50),
        ];
        var observer = new TokenTimes();
        var engine = new ReplicaEngine(
            new StepCostModel(model, gpu, host.Calibration, 1),
            new GpuPowerModel(gpu, rooflineExponent: host.Calibration.RooflineExponent),
            new EngineLimits(8, budget, host.Calibration.KvBlockTokens),
            new TraceArrivals(requests),
            new WindowMeter(0, double.PositiveInfinity, 0),
            HostStalls.None,
            observer
        );
        for (var i = 0; i < 10; i++)
        {
            engine.Step(double.PositiveInfinity);
        }

        return observer.Times;
    }
}
