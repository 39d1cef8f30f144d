using System.Globalization;
using System.Text.RegularExpressions;
using MLEnergy.Simulation.Following;
using MLEnergy.Simulation.Http;
using MLEnergy.Simulation.Load;

namespace MLEnergy.Simulation.Tests.Following;

public sealed partial class ControlledTraceRunTests
{
    private static readonly SimulatedHost Host = SimulatedHost.CreateDefault();

    private static readonly SimulatedServingConfig Config = new(
        "meta-llama/Llama-3.1-8B-Instruct",
        "H100-SXM-80GB",
        MaxNumSeqs: 64,
        HostGpuCount: 1
    );

    /// <summary>Four requests a second for two minutes, 500-token prompts and 200-token responses.</summary>
    private static readonly TraceRequest[] Steady =
    [
        .. Enumerable.Range(0, 480).Select(i => new TraceRequest(i * 0.25, 500, 200)),
    ];

    [Fact]
    public void ALowerClockSetMidRunGovernsTheStepsAfterItAndDrawsLessEnergy()
    {
        var uncapped = new ControlledTraceRun(Host, Config).Run(Steady, 5, 150, _ => null, CancellationToken.None);
        var capped = new ControlledTraceRun(Host, Config).Run(
            Steady,
            5,
            150,
            s => s.Seconds >= 60 ? new SimulatedGpuSettings(900, 300) : null,
            CancellationToken.None
        );

        capped.SettingChanges.Should().Be(1);
        uncapped.SettingChanges.Should().Be(0);
        capped.EnergyJoules.Should().BeLessThan(0.95 * uncapped.EnergyJoules);
        Tpot(capped, after: 70).Should().BeGreaterThan(Tpot(uncapped, after: 70), "a lower clock decodes slower");
        Tpot(capped, before: 50).Should().BeApproximately(Tpot(uncapped, before: 50), 1e-9, "before the change");
        capped.Requests.Should().HaveCount(Steady.Length);
        capped.Unfinished.Should().Be(0);
    }

    [Fact]
    public void EverySnapshotShowsTheFinishedRequestsOnAVllmMetricsPage()
    {
        var snapshots = new List<ServingSnapshot>();
        var run = new ControlledTraceRun(Host, Config).Run(
            Steady,
            10,
            150,
            s =>
            {
                snapshots.Add(s);
                return null;
            },
            CancellationToken.None
        );

        snapshots.Should().HaveCount(15);
        snapshots.Select(s => s.Seconds).Should().BeInAscendingOrder();
        var finished = snapshots.Select(s => Finished(s.VllmMetrics)).ToList();
        finished.Should().BeInAscendingOrder();
        finished[^1].Should().Be(Steady.Length);
        run.Requests.Count(r => (r.Arrival + r.EndToEnd).TotalSeconds <= snapshots[5].Seconds)
            .Should()
            .Be((int)finished[5]);
        snapshots[^1].VllmMetrics.Should().Contain("vllm:request_time_per_output_token_seconds_bucket");
        // vLLM's KV cache gauge, a share from 0 to 1: held while requests run, none once all have finished.
        snapshots.Select(s => Gauge(s.VllmMetrics, "vllm:kv_cache_usage_perc")).Should().Contain(v => v > 0);
        Gauge(snapshots[^1].VllmMetrics, "vllm:kv_cache_usage_perc").Should().Be(0);
    }

    private static double Gauge(string page, string name) =>
        double.Parse(
            page.Split('\n').Single(l => l.StartsWith(name + "{", StringComparison.Ordinal)).Split(' ')[^1],
            System.Globalization.CultureInfo.InvariantCulture
        );

    [Fact]
    public void RequestsTheBatchCannotTakeAreCountedAsWaiting()
    {
        TraceRequest[] burst = [.. Enumerable.Range(0, 200).Select(_ => new TraceRequest(0, 500, 200))];

        var run = new ControlledTraceRun(Host, Config).Run(burst, 5, 30, _ => null, CancellationToken.None);

        run.MaxWaiting.Should().Be(200 - Config.MaxNumSeqs);
    }

    private static double Tpot(ControlledRunResult run, double after = 0, double before = double.MaxValue) =>
        run
            .Requests.Where(r => r.Arrival.TotalSeconds >= after && r.Arrival.TotalSeconds < before)
            .Average(r => r.TimePerOutputToken!.Value.TotalMilliseconds);

    private static double Finished(string page) =>
        FinishedLine().Matches(page).Sum(m => double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture));

    [GeneratedRegex(@"^vllm:request_success_total\{[^}]*\} (\S+)$", RegexOptions.Multiline)]
    private static partial Regex FinishedLine();
}
