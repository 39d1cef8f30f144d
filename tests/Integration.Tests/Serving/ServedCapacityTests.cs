using System.Globalization;
using System.Text.Json;
using MLEnergy.Integration.Tests.Support;

namespace MLEnergy.Integration.Tests.Serving;

/// <summary>
/// The spare-capacity rule on the served path: sim-server processes publish vLLM's running-batch and KV cache gauges,
/// a Poisson load goes to them over HTTP, and each trial's batch occupancy is read from those gauges and judged at
/// the rate the load states (<c>load_requests_per_s</c>), end to end through optimize.
/// </summary>
[Collection(ServingGroup.Name)]
public sealed class ServedCapacityTests
{
    private const double Rate = 10;

    [Fact]
    public async Task APoissonLoadOneServerCarriesWithRoomAndOneCannotIsJudgedAtTheLoadsStatedRate()
    {
        // One sequence at a time serves about 7 requests/s of these short requests (a closed loop of four: 7.09);
        // 64 serve far more. Seed 0's arrivals in the 10 s window are sparse (76-79, under 8 a second), so the window
        // understates the load: at the stated 10 a second one sequence is 139 % occupied (its slot busy at every
        // reading, 72 completed), and its queue grew by 4, within the 20 the backlog test allows for 76 arrivals.
        // 64 sequences: 1.4 % in the window, 1.8 % at 10 a second (2026-12-03, 2-core shared box).
        using var temp = new TempDirectory();
        var space = WriteSpace(temp.File("space.yaml"));
        var output = temp.File("run");

        var run = await CliRun.RunAsync(
            "optimize",
            "--slo",
            "p50 ttft<=5s",
            "--space",
            space,
            "--state-dir",
            temp.File("state"),
            "--out",
            output,
            "--strategy",
            "grid",
            "--load",
            $"poisson:{Rate.ToString(CultureInfo.InvariantCulture)}"
        );

        File.Exists(Path.Combine(output, "result.json")).Should().BeTrue(run.Error);
        using var result = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "result.json")));
        var trials = result.RootElement.GetProperty("trials").EnumerateArray().ToList();
        // A machine too busy to send the load on time measures another load than the one stated: say so, not a
        // wrong occupancy (README, "Validity gates", load schedule).
        BehindSchedule(trials)
            .Should()
            .BeEmpty("this machine's load generator must keep the stated schedule for the occupancy to mean anything");
        // The baseline (64 sequences) carries the load and is the least energy that does: keep it (exit 5).
        run.ExitCode.Should().Be(5, run.Error);
        trials.Should().HaveCount(2);
        trials.Should().OnlyContain(t => t.GetProperty("feasible").GetBoolean());
        trials
            .Should()
            .OnlyContain(t => t.GetProperty("metrics").GetProperty("load_requests_per_s").GetDouble() == Rate);
        var roomy = Trial(trials, 64);
        var full = Trial(trials, 1);

        var roomyOccupancy = AtLoadRate(roomy.GetProperty("metrics"));
        roomy.GetProperty("metrics").GetProperty("batch_occupancy").GetDouble().Should().BeInRange(0.001, 0.1);
        roomyOccupancy.Should().BeLessThan(0.1);
        roomy.TryGetProperty("notCarried", out _).Should().BeFalse();
        roomy.GetProperty("metrics").GetProperty("send_late_share").GetDouble().Should().BeLessThanOrEqualTo(0.05);

        var metrics = full.GetProperty("metrics");
        var occupancy = AtLoadRate(metrics);
        metrics.GetProperty("batch_occupancy").GetDouble().Should().BeInRange(0.5, 1);
        metrics
            .GetProperty("backlog_growth")
            .GetDouble()
            .Should()
            .BeLessThan(20, "the backlog test does not rule it out");
        // The trial's figures in the message: a starved machine has once read 0.87 here (not reproduced).
        occupancy.Should().BeGreaterThan(1, "the one-sequence trial's metrics were {0}", metrics.GetRawText());
        full.GetProperty("notCarried")
            .GetString()
            .Should()
            .StartWith(
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"cannot carry the load: batch slots {occupancy:P0} occupied at the load's {Rate:0.0#} requests/s"
                )
            );
        run.Out.Should()
            .Contain("Load: 1 measured configuration could not carry it; the least energy of them, max_num_seqs=1:");
        run.Out.Should().Contain("Recommendation: max_num_seqs=64");
        run.ErrorLines.Should().ContainSingle(l => l.Contains("cannot carry the load", StringComparison.Ordinal));
    }

    /// <summary>
    /// The occupancy at the load's stated rate, from the trial's own figures: its window's occupancy-seconds per
    /// request it completed, times the stated rate (README, "Spare capacity").
    /// </summary>
    private static double AtLoadRate(JsonElement metrics)
    {
        var offered = metrics.GetProperty("offered_requests").GetDouble();
        var seconds = offered / metrics.GetProperty("offered_requests_per_s").GetDouble();
        var completed = offered - metrics.GetProperty("backlog_growth").GetDouble();
        return metrics.GetProperty("batch_occupancy").GetDouble()
            * seconds
            / completed
            * metrics.GetProperty("load_requests_per_s").GetDouble();
    }

    /// <summary>The causes of the trials found invalid because the load generator fell behind its schedule.</summary>
    private static List<string> BehindSchedule(IEnumerable<JsonElement> trials) =>
        [
            .. trials
                .Select(t => t.TryGetProperty("invalid", out var invalid) ? invalid.GetString() : null)
                .OfType<string>()
                .Where(r => r.Contains("fell behind its schedule", StringComparison.Ordinal)),
        ];

    private static JsonElement Trial(IEnumerable<JsonElement> trials, int maxNumSeqs) =>
        trials.Single(t => t.GetProperty("configuration").GetProperty("max_num_seqs").GetInt32() == maxNumSeqs);

    private static string WriteSpace(string path)
    {
        const string knobs = """
              - name: max_num_seqs
                kind: server_batch_size
                values: [1, 64]
            """;
        ServingSpace.Write(path, knobs, "{ max_num_seqs: 64 }", ServingSpace.SimServer);
        // Ten once-a-second readings of the gauges a trial.
        var text = File.ReadAllText(path)
            .Replace("  window: 3s\n", "  window: 10s\n", StringComparison.Ordinal)
            .Replace("  max_window: 8s\n", "  max_window: 10s\n", StringComparison.Ordinal);
        File.WriteAllText(path, text);
        return path;
    }
}
