using System.Collections.Immutable;
using MLEnergy.Recommender.Metrics;
using MLEnergy.Recommender.Observations;
using MLEnergy.Recommender.Search;
using MLEnergy.Recommender.Search.Bayesian;
using MLEnergy.Recommender.Tests.Support;

namespace MLEnergy.Recommender.Tests.Search;

public class CarriedLoadStopTests
{
    [Fact]
    public void TheSearchMeasuresAConfigurationBetweenOneThatCarriedTheLoadAndOneThatFellBehindBeforeStopping()
    {
        // 64 sequences under 1,410 MHz met the 40 ms bound at 30 ms on four trials that kept up with the load; under
        // 1,980 MHz one trial fell behind (growth 60 of 180 arrivals); 256 sequences under 1,980 MHz missed clearly
        // (60 ms), which rules out every 256-sequence configuration. 64 sequences under 1,710 MHz serve at least as
        // much as the configuration that carried the load and may cost less: the search measures it. Before, the fall
        // behind ruled it out with the 32-sequence column, nothing was left open, and the search stopped.
        IReadOnlyList<Observation> trials =
        [
            Trial(64, 1410, growth: 0, itl: 30, energy: 0.200),
            Trial(64, 1980, growth: 60, itl: 25, energy: 0.260),
            Trial(256, 1980, growth: 0, itl: 60, energy: 0.150),
            Trial(64, 1410, growth: 0, itl: 31, energy: 0.202),
            Trial(64, 1410, growth: 0, itl: 29, energy: 0.198),
            Trial(64, 1410, growth: 0, itl: 30, energy: 0.201),
        ];
        var state = new SearchState(
            BatchClockSpace.Space,
            [.. BatchClockSpace.Space.Enumerate()],
            trials,
            Slos.ItlMedian(40),
            20
        );

        var decision = new AutoStrategy(1).Next(state);

        decision.StopReason.Should().BeNull();
        decision.Configuration.Should().Be(BatchClockSpace.Cap(64, 1710));
    }

    private static Observation Trial(int maxNumSeqs, int cap, double growth, double itl, double energy)
    {
        var metrics = ImmutableDictionary<string, double>
            .Empty.Add("itl_p50_ms", itl)
            .Add("energy_per_token_j", energy)
            .Add(MetricNames.OfferedRequests, 180)
            .Add(MetricNames.OfferedRate, 3)
            .Add(MetricNames.BacklogGrowth, growth);
        return KeepUpRule.Judge(new Observation(BatchClockSpace.Cap(maxNumSeqs, cap), metrics));
    }
}
