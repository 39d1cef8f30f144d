using MLEnergy.Runtime.History;
using MLEnergy.Runtime.Stores;
using MLEnergy.Runtime.Tests.Support;

namespace MLEnergy.Runtime.Tests.History;

public sealed class FleetComparisonTests
{
    [Fact]
    public void HostsOfTheSameModelAreComparedByTheirLatestRecommendation()
    {
        var runs = new[]
        {
            Finished("a-old", "host-a", 0.20, minutes: 0),
            Finished("a-new", "host-a", 0.10, minutes: 60),
            Finished("b", "host-b", 0.12, minutes: 30),
            Finished("c", "host-c", 0.5, minutes: 30, model: "other/model"),
            new RunSummary(StoreRecords.Run("d", host: "host-d"), RunStatus.Interrupted, 3, null),
        };

        var fleet = FleetComparison.Of(runs);

        fleet.Select(f => f.Model).Should().Equal("Qwen/Qwen3-8B", "other/model");
        var qwen = fleet[0];
        qwen.Hosts.Select(h => (h.HostId, h.RunId)).Should().Equal(("host-a", "a-new"), ("host-b", "b"));
        qwen.Hosts[0].AboveBestPercent.Should().Be(0);
        qwen.Hosts[1].AboveBestPercent.Should().BeApproximately(20, 1e-9);
    }

    private static RunSummary Finished(
        string id,
        string host,
        double energy,
        int minutes,
        string model = "Qwen/Qwen3-8B"
    ) =>
        new(
            StoreRecords.Run(id, host, model, minutes: minutes),
            RunStatus.Finished,
            10,
            StoreRecords.Completion("max_num_seqs=192", energy, minutes + 5)
        );
}
