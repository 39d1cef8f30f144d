using MLEnergy.Simulation.Engine;
using MLEnergy.Simulation.Hardware;
using MLEnergy.Simulation.Load;
using MLEnergy.Simulation.Models;

namespace MLEnergy.Simulation.Tests;

/// <summary>
/// The multimodal processor run on the API servers' event loops under the benchmark's protocol (every request sent at
/// once): requests reach the engine as their server processes them, and while a loop is busy its clients get their
/// tokens in chunks.
/// </summary>
public sealed class ApiServerLoopTests
{
    private static readonly SimulatedHost Host = SimulatedHost.CreateDefault();

    private static readonly SimulatedServingConfig QwenVl = new(
        "Qwen/Qwen3-VL-8B-Instruct",
        "H100-SXM-80GB",
        MaxNumSeqs: 16
    );

    [Fact]
    public void EachServerTakesEveryThirdRequestOneAtATime()
    {
        var loop = ApiServerLoop.For(0.01, 3, 64)!;

        loop.ArrivalTime(0).Should().BeApproximately(0.01, 1e-12);
        loop.ArrivalTime(2).Should().BeApproximately(0.01, 1e-12);
        loop.ArrivalTime(3).Should().BeApproximately(0.02, 1e-12);
        loop.ArrivalTime(63).Should().BeApproximately(0.22, 1e-12);
        loop.BusyUntil.Should().BeApproximately(0.22, 1e-12, "64 requests over 3 loops: 22 rounds");
        loop.DeliveryTime(0.013).Should().BeApproximately(0.02, 1e-12);
        loop.DeliveryTime(0.5).Should().Be(0.5, "the loops are free once every request is processed");
        ApiServerLoop.For(0, 3, 64).Should().BeNull("no media, nothing to process");
    }

    [Fact]
    public void TheShippedTimeIsThePublishedPerMegapixelTimeOfTheImageOrTheKeptFrames()
    {
        var vision = Host.Models.Get("Qwen/Qwen3-VL-8B-Instruct").Vision!;
        var perMegapixel = Host.Calibration.MediaProcessingSecondsPerMegapixel;

        // 12.215 ms for a 1024 × 1024 image (vllm-project/vllm#50411).
        perMegapixel.Should().BeApproximately(0.012215 / 1.048576, 1e-5);
        // A 1,024 × 768 image: 9.2 ms; the 720p clip's 4 kept frames of 32: 43 ms.
        (perMegapixel * Workloads.ImageChat.Media!.ProcessedMegapixels(vision))
            .Should()
            .BeApproximately(0.00916, 1e-4);
        (perMegapixel * Workloads.VideoChat.Media!.ProcessedMegapixels(vision)).Should().BeApproximately(0.0429, 5e-4);
    }

    [Fact]
    public void RequestsReachTheEngineAsTheirServerProcessesThem()
    {
        var (charged, free) = Run(0.4, Workloads.ImageChat, QwenVl);

        // 0.315 s a request (0.786 MP at 0.4 s/MP), 3 loops: the 16th request reaches the engine at 6 × 0.315 s, and
        // the window opens when 16 requests have their first token; without the loops all 16 are there at once and
        // the first two steps encode their images and prefill their prompts.
        charged.Warmup.TotalSeconds.Should().BeGreaterThan(6 * 0.315);
        free.Warmup.TotalSeconds.Should().BeLessThan(1.0);
    }

    [Fact]
    public void WhileTheLoopsAreBusyTokensArriveInChunksOfOneGapAndZeros()
    {
        var (charged, free) = Run(1.0, Workloads.ImageChat, QwenVl);

        // Without the loops only each request's first token is a zero; with them a chunk's further tokens are too,
        // and its gap is the 786 ms of one request's processing (0.786 MP at 1 s/MP), longer than any step here.
        Zeros(free).Should().Be(64);
        Zeros(charged).Should().BeGreaterThan(64 + 200);
        charged.InterTokenSamples.Sum(s => s.Count).Should().Be(free.InterTokenSamples.Sum(s => s.Count));
        charged
            .InterTokenSamples.Where(s => s.Gap.TotalSeconds > 0.78)
            .Sum(s => s.Count)
            .Should()
            .BeGreaterThan(32, "half the streams or more wait for a loop busy with another request");
        free.InterTokenSamples.Where(s => s.Gap.TotalSeconds > 0.78).Sum(s => s.Count).Should().Be(0);
        charged.InterTokenLatency.Percentile(0.99).TotalSeconds.Should().BeGreaterThan(0.78);
    }

    [Fact]
    public void TextRequestsAreNotProcessed()
    {
        var (charged, free) = Run(0.2, Workloads.LmArenaChat, QwenVl);

        charged.InterTokenLatency.Percentile(0.99).Should().Be(free.InterTokenLatency.Percentile(0.99));
        charged.ServingEnergyJoules.Should().Be(free.ServingEnergyJoules);
    }

    private static long Zeros(SimulatedTrialResult result) =>
        result.InterTokenSamples.Where(s => s.Gap == TimeSpan.Zero).Sum(s => s.Count);

    private static (SimulatedTrialResult Charged, SimulatedTrialResult Free) Run(
        double secondsPerMegapixel,
        Workload workload,
        SimulatedServingConfig config
    )
    {
        var protocol = new BenchmarkProtocol(64, 1, ApiServers: 3);
        var model = Host.Models.Get(config.ModelId);
        var lengths = workload.LengthsFor(model, 40) with { Output = new LengthDistribution(40, 0, 40, 40) };
        var charged = new SimulatedHost(
            GpuCatalog.LoadDefault(),
            ModelCatalog.LoadDefault(),
            Host.Calibration with
            {
                MediaProcessingSecondsPerMegapixel = secondsPerMegapixel,
            }
        );
        var free = new SimulatedHost(
            GpuCatalog.LoadDefault(),
            ModelCatalog.LoadDefault(),
            Host.Calibration with
            {
                MediaProcessingSecondsPerMegapixel = 0,
            }
        );
        return (
            charged.RunBenchmark(config, protocol, lengths, workload, 1),
            free.RunBenchmark(config, protocol, lengths, workload, 1)
        );
    }
}
