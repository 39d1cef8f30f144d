using MLEnergy.Simulation;
using MLEnergy.Simulation.Http;

namespace MLEnergy.Integration.Tests.SimServer;

/// <summary>
/// sim-server's <c>vllm:num_requests_running</c> and <c>vllm:num_requests_waiting</c> read what vLLM's would: the
/// scheduler's stats made after a step's output was taken (scheduler.py, make_stats at the end of update_from_output)
/// and set as the gauges when that output is out (metrics/loggers.py), standing until the next step ends.
/// </summary>
public sealed class RunningGaugeTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task TheGaugesReadTheBatchAndQueueTheLastStepToEndLeftOneStepAtATime()
    {
        // One batch slot, two requests of two tokens each: a prefill and a decode step each, one after the other.
        var clock = new ManualClock();
        using var live = new LiveEngine(
            SimulatedHost.CreateDefault(),
            new SimServerOptions("Qwen/Qwen3-8B", 1, Port: 0),
            clock
        );
        _ = live.Submit(16, 2, "length");
        var second = live.Submit(16, 2, "length");
        using var stop = new CancellationTokenSource();
        var loop = live.RunAsync(stop.Token);
        var whileRunning = new List<(int Batch, int Waiting)>();

        for (var step = 0; step < 4; step++)
        {
            // The step is planned and run in virtual time; the engine waits for its end on the clock.
            await Until(() => clock.Armed);
            var (batch, waiting, _) = live.Occupancy;
            whileRunning.Add((batch, waiting));
            (await clock.FireNextAsync(Patience)).Should().BeTrue();
        }

        // The second request's last token out, the engine has nothing left to run.
        using var drained = new CancellationTokenSource(Patience);
        await foreach (var _ in second.Tokens.ReadAllAsync(drained.Token)) { }

        var (idleBatch, idleWaiting, _) = live.Occupancy;
        await stop.CancelAsync();
        await loop;

        // While the first step runs no step has ended (0, 0); then the first request runs with the second queued;
        // while the second's prefill runs, the first has finished and the second is not yet through a step: vLLM's
        // gauge reads 0 running there too; then the second runs alone.
        whileRunning.Should().Equal((0, 0), (1, 1), (0, 1), (1, 0));
        (idleBatch, idleWaiting).Should().Be((0, 0));
    }

    private static async Task Until(Func<bool> condition)
    {
        using var giveUp = new CancellationTokenSource(Patience);
        while (!condition())
        {
            await Task.Delay(5, giveUp.Token);
        }
    }
}
