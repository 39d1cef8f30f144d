using System.Text.Json;
using MLEnergy.Recommender.Reports;
using MLEnergy.Recommender.Results;
using MLEnergy.Recommender.Search;
using MLEnergy.Recommender.Selection;
using MLEnergy.Recommender.Tests.Support;

namespace MLEnergy.Recommender.Tests.Results;

public sealed class ResultJsonDecisionTests
{
    private static TuningResult Repeated(double minimumSavingPercent = 2)
    {
        var result = ReportFixture.Result();
        var run = result.Run with
        {
            Observations =
            [
                .. result.Run.Observations,
                ReportFixture.Trial(1980, 8, 8.2, 0.404, 400),
                ReportFixture.Trial(1980, 256, 44, 0.0707, 650),
            ],
        };
        run = run with { Slo = result.Slo };
        return TuningResult.From(
            result.Space,
            result.Slo,
            "sim",
            run,
            result.StartedAt,
            result.FinishedAt,
            minimumSavingPercent
        );
    }

    [Fact]
    public void ResultJsonSaysWhichValidityGatesWereNotCheckedOnTheRunAsAWhole()
    {
        // Only the trials carried the list: a reader of result.json had to scan every trial to learn that no GPU
        // gate stood behind the verdicts.
        var result = ReportFixture.Result();
        var observations = result.Run.Observations;
        var skipped = result with
        {
            Run = result.Run with
            {
                Observations =
                [
                    observations[0] with
                    {
                        GatesSkipped = ["power", "temperature"],
                    },
                    observations[1] with
                    {
                        GatesSkipped = ["temperature", "throttle reasons"],
                    },
                    .. observations.Skip(2),
                ],
            },
        };

        using var all = JsonDocument.Parse(ResultJsonWriter.Write(result));
        using var some = JsonDocument.Parse(ResultJsonWriter.Write(skipped));

        all.RootElement.GetProperty("gatesSkipped").GetArrayLength().Should().Be(0);
        some.RootElement.GetProperty("gatesSkipped")
            .EnumerateArray()
            .Select(g => g.GetString())
            .Should()
            .Equal("power", "temperature", "throttle reasons");
        MarkdownReportWriter
            .Write(ReportModel.From(skipped))
            .Should()
            .Contain("validity gates not checked on this target: power, temperature, throttle reasons");
    }

    [Fact]
    public void ResultJsonCarriesTheDecisionTheSavingsIntervalAndTheHypervolume()
    {
        using var document = JsonDocument.Parse(ResultJsonWriter.Write(Repeated()));
        var root = document.RootElement;

        root.GetProperty("decision").GetString().Should().Be("change");
        root.GetProperty("minimumSavingPercent").GetDouble().Should().Be(2);
        root.GetProperty("savings").GetProperty("lowPercent").GetDouble().Should().BeGreaterThan(0);
        root.GetProperty("savings").GetProperty("highPercent").GetDouble().Should().BeLessThan(100);
        root.GetProperty("hypervolume").GetDouble().Should().BeGreaterThan(0);
        root.GetProperty("configurationsMeasured").GetInt32().Should().Be(8);
    }

    [Fact]
    public void ABaselineThatCouldNotKeepUpSaysSoInResultJsonBesideItsFigures()
    {
        const string Reason = "cannot keep up: served 9.0 req/s of 12.0 offered; queue grew by 180 requests";
        var baseline = ReportFixture.Trial(1980, 8, 8, 0.4, 400) with { Feasible = false, InfeasibleReason = Reason };
        using var document = JsonDocument.Parse(ResultJsonWriter.Write(ReportFixture.Result(baseline: baseline)));
        var root = document.RootElement;

        root.GetProperty("baseline").GetProperty("feasible").GetBoolean().Should().BeFalse();
        root.GetProperty("baseline").GetProperty("reason").GetString().Should().Be(Reason);
        root.GetProperty("recommendation").GetProperty("feasible").GetBoolean().Should().BeTrue();
        root.GetProperty("recommendation").TryGetProperty("reason", out _).Should().BeFalse();
        root.GetProperty("savings").ValueKind.Should().Be(JsonValueKind.Null);
    }

    [Fact]
    public void ATrialWhoseConfigurationCouldNotCarryTheLoadOnceItsTrialsWereTakenTogetherSaysSoInResultJson()
    {
        // The trial kept up by itself (feasible, meets the SLO), but its batch slots were 99 % occupied: the
        // selection rules its configuration out (KeepUpRule.CapacityProblem), and result.json's trial said only
        // "feasible": true.
        var result = ReportFixture.Result();
        var full = ReportFixture.Trial(990, 64, 34, 0.09, 450);
        var loaded = ReportFixture.UnderRate(full, 0.99);
        var run = result.Run with
        {
            Observations =
            [
                .. result.Run.Observations.Select(o => o.Configuration.Equals(full.Configuration) ? loaded : o),
            ],
        };

        using var document = JsonDocument.Parse(ResultJsonWriter.Write(result with { Run = run }));

        var trials = document.RootElement.GetProperty("trials").EnumerateArray().ToList();
        var trial = trials.Single(t =>
            t.GetProperty("configuration").GetProperty("max_num_seqs").GetInt32() == 64
            && t.GetProperty("configuration").GetProperty("sm_clock_cap_mhz").GetInt32() == 990
        );
        trial.GetProperty("feasible").GetBoolean().Should().BeTrue();
        trial
            .GetProperty("notCarried")
            .GetString()
            .Should()
            .Be(
                "cannot carry the load: batch slots 99 % occupied over 180 arrivals (1 trial), up to 116 % within "
                    + "the arrivals' noise: no spare capacity"
            );
        trials.Count(t => t.TryGetProperty("notCarried", out _)).Should().Be(1);
    }

    [Fact]
    public void ResultJsonIsReadableWithoutEscapedComparisons()
    {
        var json = ResultJsonWriter.Write(ReportFixture.Result());

        json.Should().Contain("\"p50 itl<=30ms\"");
        json.Should().NotContain("\\u003C");
    }

    [Fact]
    public void AResultReadBackKeepsItsDecisionThresholdAndConfidentVerdicts()
    {
        var original = Repeated(minimumSavingPercent: 90);

        var read = ResultJsonReader.Read(ResultJsonWriter.Write(original));

        original.Selection.Decision.Should().Be(Decision.KeepCurrent);
        read.Selection.Decision.Should().Be(Decision.KeepCurrent);
        read.Selection.MinimumSavingPercent.Should().Be(90);
        read.Run.Slo.Should().NotBeNull("re-rendering judges the repeats with the noise they showed");
        read.Selection.Recommended!.Verdicts.Should().Equal(original.Selection.Recommended!.Verdicts);
        read.Selection.Recommended.Verdicts.Should().NotBeEmpty();
    }
}
