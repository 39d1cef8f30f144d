using MLEnergy.Simulation.Engine;
using MLEnergy.Simulation.Hardware;
using MLEnergy.Simulation.Load;

namespace MLEnergy.Simulation.Tests.Engine;

/// <summary>
/// A multimodal prompt's image is encoded whole in the step whose prompt chunk first reaches it, as vLLM 0.11's
/// scheduler schedules an encoder input (altogether, the encoder's attention being bidirectional), not spread over
/// the prompt's chunks.
/// </summary>
public sealed class VisionEncoderStepTests
{
    private const string Model = "Qwen/Qwen3-VL-8B-Instruct";

    [Fact]
    public void TheFirstChunkStepCarriesTheWholeEncoderAndTheLaterChunksNone()
    {
        // Budget 1,024 with 4 sequences decoding: a 3,000-token image prompt takes 3 steps of 1,020 prompt tokens.
        var withImage = Run(withMedia: true);
        var textOnly = Run(withMedia: false);

        // Each decoding sequence's token comes out at the end of every step.
        withImage[1]
            [0]
            .Should()
            .BeGreaterThan(textOnly[1][0] + 0.1, "the first chunk's step encodes the image of a 3,000-token prompt");
        (withImage[1][1] - withImage[1][0]).Should().Be(textOnly[1][1] - textOnly[1][0], "the second chunk");
        (withImage[1][2] - withImage[1][1]).Should().Be(textOnly[1][2] - textOnly[1][1], "the third chunk");
        (withImage[1][4] - withImage[1][3]).Should().Be(textOnly[1][4] - textOnly[1][3], "decode only");
    }

    [Fact]
    public void TheEncoderAddsWhatItsKernelMixCostsToTheStep()
    {
        var host = SimulatedHost.CreateDefault();
        var model = host.Models.Get(Model);
        var gpu = host.Gpus.Get("H100-SXM-80GB");
        var media = Workloads.ImageChat.LengthsFor(model).Media!;
        var cost = new StepCostModel(model, gpu, host.Calibration, 1, media: media);
        var power = new GpuPowerModel(gpu, rooflineExponent: host.Calibration.RooflineExponent);
        var pairs = 1020 * (1020 / 2.0);

        // The first step: 4 sequences of 110 tokens decoding, the prompt's first 1,020 tokens, and the image of the
        // 3,000-token prompt (3,000 / 850 of the mean's: its matmuls 3.53 ×, its attention 12.5 ×).
        var encoder = media.For(3000);
        encoder.Matmul.Should().BeApproximately(2_536_488_566_784 * 3000 / 850.0, 1e3);
        encoder.Attention.Should().BeApproximately(1_174_136_684_544 * (3000 / 850.0) * (3000 / 850.0), 1e3);
        var expected = power.Execute(cost.Mix(4, 4 * 110, 1020, pairs, 5, encoder: encoder)).DurationSeconds;
        Run(withMedia: true)[1][0].Should().BeApproximately(expected, 1e-12);
    }

    private static Dictionary<long, List<double>> Run(bool withMedia)
    {
        var host = SimulatedHost.CreateDefault();
        var model = host.Models.Get(Model);
        var gpu = host.Gpus.Get("H100-SXM-80GB");
        List<PendingRequest> requests =
        [
            .. Enumerable.Range(1, 4).Select(id => new PendingRequest(id, 0, 100, 1000, AlreadyGenerated: 10)),
            new PendingRequest(99, 0, 3000, 50),
        ];
        var observer = new TokenTimes();
        var media = withMedia ? Workloads.ImageChat.LengthsFor(model).Media : null;
        var engine = new ReplicaEngine(
            new StepCostModel(model, gpu, host.Calibration, 1, media: media),
            new GpuPowerModel(gpu, rooflineExponent: host.Calibration.RooflineExponent),
            new EngineLimits(8, 1024, host.Calibration.KvBlockTokens),
            new TraceArrivals(requests),
            new WindowMeter(0, double.PositiveInfinity, 0),
            HostStalls.None,
            observer
        );
        for (var i = 0; i < 8; i++)
        {
            engine.Step(double.PositiveInfinity);
        }

        return observer.Times;
    }
}
