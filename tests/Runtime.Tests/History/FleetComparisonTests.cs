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

    [Fact]
    public void HostsTunedUnderAnotherLoadAreNotComparedWithEachOther()
    {
        // 0.25 J/token at 2 requests/s and 0.08 at saturation are different quantities: host-b is not "+212.5 %
        // over best", it is the only host tuned at 2 requests/s.
        var runs = new[]
        {
            Finished("a", "host-a", 0.08, minutes: 0, load: "saturate"),
            Finished("b", "host-b", 0.25, minutes: 10, load: "poisson:2"),
            Finished("c", "host-c", 0.30, minutes: 20, load: "poisson:2"),
        };

        var fleet = FleetComparison.Of(runs);

        fleet.Select(f => f.Conditions).Should().Equal("load poisson:2", "load saturate");
        fleet[0].Hosts.Select(h => h.HostId).Should().Equal("host-b", "host-c");
        fleet[0].Hosts[1].AboveBestPercent.Should().BeApproximately(20, 1e-9);
        fleet[1].Hosts.Should().ContainSingle().Which.AboveBestPercent.Should().Be(0);
    }

    [Theory]
    [InlineData("s|sim|m|H100|p99 tpot<=200ms||load=poisson:4|workload=-", "load poisson:4")]
    [InlineData("s|sim|m|H100|p99 tpot<=200ms||load=saturate|workload=gpqa", "load saturate, workload gpqa")]
    [InlineData("s|sim|m|H100|p90 tpot<=50ms||load=poisson:12|workload=-|plan:3,12@12", "load poisson:12")]
    [InlineData("s|sim|m|H100|p99 tpot<=200ms|", null)]
    public void AFingerprintNamesItsLoadAndWorkload(string fingerprint, string? conditions) =>
        RunFingerprint.Conditions(fingerprint).Should().Be(conditions);

    private static RunSummary Finished(
        string id,
        string host,
        double energy,
        int minutes,
        string model = "Qwen/Qwen3-8B",
        string? load = null
    ) =>
        new(
            StoreRecords.Run(id, host, model, minutes: minutes) is var run && load is not null
                ? run with
                {
                    Fingerprint = run.Fingerprint + $"|load={load}|workload=-",
                }
                : StoreRecords.Run(id, host, model, minutes: minutes),
            RunStatus.Finished,
            10,
            StoreRecords.Completion("max_num_seqs=192", energy, minutes + 5)
        );
}
