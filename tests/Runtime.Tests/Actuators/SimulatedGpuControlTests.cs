using System.Net.Http.Json;
using MLEnergy.Runtime.Actuators;
using MLEnergy.Runtime.Governor;
using MLEnergy.Runtime.Journal;
using MLEnergy.Runtime.Prometheus;
using MLEnergy.Runtime.Restore;
using MLEnergy.Runtime.Tests.Support;
using MLEnergy.Simulation;
using MLEnergy.Simulation.Http;
using MLEnergy.Units;

namespace MLEnergy.Runtime.Tests.Actuators;

public sealed class SimulatedGpuControlTests
{
    [Fact]
    public async Task SimServerSpeaksVllmMetricsAndItsCountersMoveWithEachRequest()
    {
        await using var server = Server();
        var address = await server.StartAsync(CancellationToken.None);
        using var client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };

        await CompleteAsync(client, 20);
        var page = PrometheusPage.Parse(await client.GetStringAsync("/metrics"));
        var load = VllmMetrics.Read(page, 0);

        page.Sum("vllm:request_success_total").Should().Be(1);
        page.Samples.Should()
            .Contain(s =>
                s.Name == "vllm:request_success_total"
                && s.Labels["finished_reason"] == "length"
                && s.Labels["model_name"] == "Qwen/Qwen3-8B"
                && s.Value == 1
            );
        page.Sum("vllm:generation_tokens_total").Should().Be(20);
        page.Sum("vllm:prompt_tokens_total").Should().BeGreaterThan(0);
        page.Histogram("vllm:time_to_first_token_seconds")!.Count.Should().Be(1);
        page.Histogram("vllm:inter_token_latency_seconds")!.Count.Should().Be(19);
        page.Histogram("vllm:time_per_output_token_seconds")!.Buckets[0].Bound.Should().Be(0.01);
        load.Should().Be(load with { Finished = 1, Running = 0, Waiting = 0 });
        load.Seconds.Should().Be(page.Sum(VllmMetrics.VirtualTime), "sim-server's clock is its virtual time");
        load.OutputToken!.Count.Should().Be(1, "the per-request TPOT histogram comes first");
    }

    [Fact]
    public async Task AClockCapSetWhileServingIsReadBackAndCutsTheEnergyPerToken()
    {
        await using var server = Server();
        var address = await server.StartAsync(CancellationToken.None);
        using var client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(60) };
        using var control = SimulatedGpuControl.Open(address);

        var uncapped = await JoulesPerTokenAsync(client);
        control.LockSmClocks(0, control.GetMinimumSmClock(0), Frequency.FromMegahertz(900));
        var capped = await JoulesPerTokenAsync(client);

        control.Uuid(0).Should().Be($"GPU-sim-{address.Port}-0");
        control.ControlAddress.Should().Be($"http://127.0.0.1:{address.Port}");
        control.GetSmClockCap(0).Should().Be(Frequency.FromMegahertz(900));
        capped.Should().BeLessThan(uncapped * 0.9);
    }

    [Fact]
    public async Task APowerLimitOutsideTheGpusRangeIsRefusedAndNothingChanges()
    {
        await using var server = Server();
        var address = await server.StartAsync(CancellationToken.None);
        using var control = SimulatedGpuControl.Open(address);

        var refused = () => control.SetPowerLimit(0, Power.FromWatts(100));

        refused.Should().Throw<SimulatedGpuException>().WithMessage("*outside H100-SXM-80GB's range 200-700 W*");
        control.GetPowerLimit(0).Should().Be(Power.FromWatts(700));
    }

    [Fact]
    public async Task RestoreFindsTheSimServerTheJournalNamesAndPutsItsGpusBack()
    {
        using var state = new TempFolder();
        await using var server = Server();
        var address = await server.StartAsync(CancellationToken.None);
        var journal = HostJournal.Open(state.Path);
        using (var control = SimulatedGpuControl.Open(address))
        {
            new GpuKnobActuator(control, journal, [0]).Set(Frequency.FromMegahertz(1200), Power.FromWatts(400));
        }

        var left = HostJournal.Open(state.Path);
        var lines = await new HostRestorer(() => null, TimeSpan.FromSeconds(1)).RestoreAsync(
            left,
            CancellationToken.None
        );

        journal.Entries.Should().OnlyContain(e => e.ControlAddress == $"http://127.0.0.1:{address.Port}");
        lines.Should().Equal("gpu0: SM clocks reset to default", "gpu0: power limit back to 700 W");
        using var after = SimulatedGpuControl.Open(address);
        after.GetSmClockCap(0).Should().BeNull();
        after.GetPowerLimit(0).Should().Be(Power.FromWatts(700));
        left.IsEmpty.Should().BeTrue();
    }

    [Fact]
    public async Task RestoreForgetsTheGpusOfASimServerThatIsGone()
    {
        using var state = new TempFolder();
        var journal = HostJournal.Open(state.Path);
        journal.Record(JournalEntry.PowerLimit(0, "GPU-sim-1-0", 700, "http://127.0.0.1:1"));

        var lines = await new HostRestorer(() => null, TimeSpan.FromSeconds(1)).RestoreAsync(
            journal,
            CancellationToken.None
        );

        lines
            .Should()
            .Equal(
                "the sim-server at http://127.0.0.1:1 is gone, and its simulated GPUs with it: "
                    + "nothing to put back there"
            );
        journal.IsEmpty.Should().BeTrue();
    }

    private static Simulation.Http.SimServer Server() =>
        new(SimulatedHost.CreateDefault(), new SimServerOptions("Qwen/Qwen3-8B", 64, TimeScale: 5, Port: 0));

    private static async Task<double> JoulesPerTokenAsync(HttpClient client)
    {
        var before = PrometheusPage.Parse(await client.GetStringAsync("/metrics"));
        await Task.WhenAll(Enumerable.Range(0, 32).Select(_ => CompleteAsync(client, 128)));
        var after = PrometheusPage.Parse(await client.GetStringAsync("/metrics"));
        const string energy = "mlenergy_sim_gpu_energy_millijoules";
        const string tokens = "vllm:generation_tokens_total";
        return (after.Sum(energy) - before.Sum(energy)) / 1e3 / (after.Sum(tokens) - before.Sum(tokens));
    }

    private static async Task CompleteAsync(HttpClient client, int tokens)
    {
        var body = new
        {
            prompt = "Once upon a time",
            max_tokens = tokens,
            ignore_eos = true,
        };
        using var response = await client.PostAsJsonAsync("/v1/completions", body);
        response.EnsureSuccessStatusCode();
    }
}
