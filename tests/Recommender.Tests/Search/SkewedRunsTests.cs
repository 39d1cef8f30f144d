using MLEnergy.Recommender.Knobs;
using MLEnergy.Recommender.Tests.Support;

namespace MLEnergy.Recommender.Tests.Search;

public class SkewedRunsTests
{
    /// <summary>
    /// Per-run p99 TTFT (ms) of one configuration of the simulated host (Qwen3-8B at 3 req/s on 8 H100s,
    /// max_num_seqs=256, 700 W, SM clock cap 1440 MHz, tensor parallel 2), 120 runs of 300 s after 30 s of warm-up,
    /// seeds 1,000,000-1,000,119: `dotnet run -c Release --project bench/SearchEfficiency -- --tails
    /// "max_num_seqs=256,power_limit_w=700,sm_clock_cap_mhz=1440,tensor_parallel=2" --pairs 1 --tail-seeds 120
    /// --tail-truth-window` (2026-12-02). Right-skewed: median 68.6, mean 70.1, a few runs with a queue build-up
    /// read 90-121; skewness 1.0, of the logs 0.4.
    /// </summary>
    private static readonly double[] Runs =
    [
        67.9,
        74.1,
        82.7,
        71.8,
        78.0,
        66.9,
        74.9,
        83.4,
        62.9,
        66.9,
        57.8,
        59.7,
        53.4,
        57.6,
        68.6,
        71.9,
        86.6,
        82.9,
        76.7,
        75.1,
        72.0,
        93.2,
        68.3,
        54.6,
        78.9,
        51.1,
        68.6,
        68.8,
        66.9,
        81.9,
        85.1,
        62.4,
        60.5,
        57.0,
        121.3,
        71.3,
        54.3,
        46.6,
        68.2,
        57.2,
        81.3,
        83.6,
        62.8,
        66.6,
        69.6,
        61.4,
        62.6,
        55.8,
        77.9,
        62.1,
        55.5,
        90.5,
        62.2,
        65.9,
        67.0,
        61.8,
        63.7,
        72.0,
        73.6,
        68.5,
        84.7,
        67.1,
        71.1,
        68.2,
        93.7,
        62.3,
        69.3,
        73.5,
        67.0,
        53.0,
        71.1,
        71.2,
        70.9,
        65.5,
        73.4,
        79.5,
        70.2,
        59.3,
        61.5,
        72.9,
        50.3,
        86.0,
        67.8,
        64.4,
        62.1,
        70.0,
        65.1,
        64.4,
        65.7,
        61.3,
        69.0,
        59.8,
        79.2,
        70.0,
        72.1,
        91.4,
        58.9,
        76.1,
        65.9,
        76.3,
        65.6,
        83.9,
        67.0,
        73.9,
        61.2,
        58.8,
        65.8,
        74.1,
        61.5,
        57.9,
        79.0,
        96.6,
        57.4,
        86.1,
        86.9,
        73.7,
        80.5,
        56.2,
        98.7,
        72.2,
    ];

    [Fact]
    public void AConfigurationOnTheBoundWhoseRunsAreRightSkewedPassesMoreOftenThanTheTestsRisk()
    {
        // 2,000 configurations whose runs are drawn from the 120 measured ones, with the bound at their mean (truly on
        // it), each judged after every one of ten trials and stopped at its first pass, beside four configurations
        // measured ten times each at other latencies (the search's pooled spread). The sequential t test holds its 5 %
        // for log-normal runs of the same spread (5.5 % counted the same way), but these runs' right skew (a few with a
        // queue build-up) makes a handful of trials read low and tight at once: 8.7 %. Hall's skew-corrected statistic
        // with the search's pooled skewness brought it to 6.5 %, at 21 % more trials on the harness and no real miss
        // fewer (README, "Tail latencies across runs"), so it is not in; this test keeps the number in view.
        var rate = PassRate(Runs.Average());

        rate.Should().BeInRange(0.07, 0.11);
    }

    [Fact]
    public void AConfigurationWellUnderTheBoundPassesOften()
    {
        // The same runs with the bound 7.5 % above their mean: 46 % pass.
        PassRate(Runs.Average() / 0.93).Should().BeGreaterThan(0.4);
    }

    private static double PassRate(double bound)
    {
        var random = new System.Random(7);
        double[] scales = [0.3, 0.5, 2, 3];
        var passed = 0;
        const int configurations = 2000;
        for (var c = 0; c < configurations; c++)
        {
            var configuration = Configuration.Of(
                ("max_num_seqs", c.ToString(System.Globalization.CultureInfo.InvariantCulture))
            );
            var trials = scales
                .SelectMany(scale =>
                    Enumerable
                        .Range(0, 10)
                        .Select(_ =>
                            ItlTrials.Trial(
                                Configuration.Of(
                                    ("max_num_seqs", scale.ToString(System.Globalization.CultureInfo.InvariantCulture))
                                ),
                                scale * Runs[random.Next(Runs.Length)]
                            )
                        )
                )
                .ToList();
            if (ItlTrials.PassesWithin(trials, configuration, () => Runs[random.Next(Runs.Length)], bound))
            {
                passed++;
            }
        }

        return (double)passed / configurations;
    }
}
