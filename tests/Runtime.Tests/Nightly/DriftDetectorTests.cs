using MLEnergy.Runtime.Nightly;

namespace MLEnergy.Runtime.Tests.Nightly;

public sealed class DriftDetectorTests
{
    [Fact]
    public void TheSameMeasurementAgainHasNotDrifted()
    {
        var finding = DriftDetector.Compare(
            "recommendation",
            "b=192",
            "energy_per_token_j",
            [0.0866],
            [0.0866, 0.0866, 0.0866]
        );

        finding.Drifted.Should().BeFalse();
        finding.ChangePercent.Should().Be(0);
    }

    [Fact]
    public void AThirtyPercentRiseInEnergyHasDrifted()
    {
        var finding = DriftDetector.Compare(
            "recommendation",
            "b=192",
            "energy_per_token_j",
            [0.0866],
            [0.1126, 0.1126, 0.1126]
        );

        finding.Drifted.Should().BeTrue();
        finding.ChangePercent.Should().BeApproximately(30.0, 0.1);
        finding.ToString().Should().Contain("moved").And.Contain("0.0866 -> 0.1126");
    }

    [Fact]
    public void AFindingReadsInTheReportsNumberFormatWithItsUnit()
    {
        // 8.2 ms before, 9.4 ms now: the report writes a latency as 8.20 and 9.40 ms, so the finding does too.
        var finding = DriftDetector.Compare("baseline", "b=8", "itl_p50_ms", [8.2, 8.2], [9.4, 9.4]);

        finding
            .ToString()
            .Should()
            .Be(
                "itl_p50_ms of the baseline (b=8) moved: 8.20 -> 9.40 ms (+14.6 %); 95 % interval of the change in "
                    + "the mean (its own trials) ±0 ms, noise floor ±0.41 ms"
            );
    }

    [Fact]
    public void AnEnergyFindingSaysWhatItsJoulesArePer()
    {
        // The summary and the reports write energy per token as J/token; the drift line wrote "J", a value that
        // could be read as a request's or a trial's energy.
        var finding = DriftDetector.Compare("recommendation", "b=192", "energy_per_token_j", [0.1218], [0.1194]);

        finding.ToString().Should().Contain("0.1218 -> 0.1194 J/token (-2.0 %)").And.Contain("floor ±0.00609 J/token");
    }

    [Fact]
    public void AChangeWithinTheNoiseFloorHasNotDrifted() =>
        DriftDetector.Compare("baseline", "b=8", "itl_p50_ms", [8.2], [8.4]).Drifted.Should().BeFalse();

    [Fact]
    public void AChangeInsideAWideConfidenceIntervalHasNotDrifted()
    {
        // Means 100 and 110 (+10 %), but the samples scatter by +-20: the 95 % interval of the change is wider than 10.
        var finding = DriftDetector.Compare("baseline", "b=8", "avg_power_w", [80, 100, 120], [90, 110, 130]);

        finding.HalfWidth.Should().BeGreaterThan(10);
        finding.Drifted.Should().BeFalse();
    }

    [Fact]
    public void TheTwoSampleIntervalMatchesTheTextbookValue()
    {
        // Two samples of 3 with variance 400 each: standard error sqrt(400/3 + 400/3) = 16.33, df = 4, t(0.975, 4) =
        // 2.776.
        DriftInterval.TwoSample([80, 100, 120], [90, 110, 130], 0.95).Should().BeApproximately(2.776 * 16.33, 0.05);
    }
}
