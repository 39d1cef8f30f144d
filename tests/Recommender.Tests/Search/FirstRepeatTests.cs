using System.Collections.Immutable;
using MLEnergy.Recommender.Observations;
using MLEnergy.Recommender.Search;
using MLEnergy.Recommender.Search.Bayesian;
using MLEnergy.Recommender.Tests.Support;

namespace MLEnergy.Recommender.Tests.Search;

/// <summary>
/// The one repeat that tells exact measurements from noisy ones is spent on a trial that measured something.
/// </summary>
public class FirstRepeatTests
{
    [Fact]
    public void TwoTrialsOfAConfigurationThatCouldNotRunDoNotMakeTheMeasurementsExact()
    {
        var oom = Observation.Infeasible(BatchClockSpace.Cap(256, 1980), "out of memory");

        SearchEvidence.IsDeterministic(State([oom, oom])).Should().BeFalse();
        SearchEvidence.IsDeterministic(State([Served(64, 1710, 0.2), Served(64, 1710, 0.2)])).Should().BeTrue();
        SearchEvidence.IsDeterministic(State([Served(64, 1710, 0.2), Served(64, 1710, 0.21)])).Should().BeFalse();
    }

    [Fact]
    public void AFirstTrialThatCouldNotRunIsNotRepeatedAndTheFirstOneThatMeasuredIs()
    {
        var oom = Observation.Infeasible(BatchClockSpace.Cap(256, 1980), "out of memory");
        var strategy = new AutoStrategy(seed: 1);

        var afterOom = strategy.Next(State([oom]));
        var measured = Served(32, 1410, 0.2);
        var afterMeasured = strategy.Next(State([oom, measured]));

        afterOom.Configuration.Should().NotBe(oom.Configuration);
        afterMeasured.Configuration.Should().Be(measured.Configuration);
        afterMeasured.Fidelity.Should().Be(TrialFidelity.Full);
    }

    [Fact]
    public void AFeasibleFirstTrialIsRepeatedOnce()
    {
        var first = Served(64, 1710, 0.2);
        var strategy = new AutoStrategy(seed: 1);

        strategy.Next(State([first])).Configuration.Should().Be(first.Configuration);
        strategy.Next(State([first, Served(64, 1710, 0.21)])).Configuration.Should().NotBe(first.Configuration);
    }

    private static SearchState State(IReadOnlyList<Observation> trials) =>
        new(BatchClockSpace.Space, [.. BatchClockSpace.Space.Enumerate()], trials, Slos.ItlMedian(40), 20);

    private static Observation Served(int batch, int clock, double energy) =>
        new(
            BatchClockSpace.Cap(batch, clock),
            ImmutableDictionary<string, double>.Empty.Add("itl_p50_ms", 30).Add("energy_per_token_j", energy)
        );
}
