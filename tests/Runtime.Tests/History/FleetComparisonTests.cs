using MLEnergy.Recommender.Selection;
using MLEnergy.Recommender.Slo;
using MLEnergy.Recommender.Spaces;
using MLEnergy.Runtime.History;
using MLEnergy.Runtime.Requests;
using MLEnergy.Runtime.Stores;
using MLEnergy.Runtime.Tests.Support;

namespace MLEnergy.Runtime.Tests.History;

public sealed class FleetComparisonTests
{
    private static readonly SearchSpace Space = SearchSpaceYamlReader.ReadFile(
        Path.Combine(RepositoryPaths.Root, "search-spaces", "sim-h100-llm.yaml")
    );

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
            Tuned("a", "http://node-a:8000", 0.08, Request("http://node-a:8000", load: "saturate")),
            Tuned("b", "http://node-b:8000", 0.25, Request("http://node-b:8000", load: "poisson:2")),
            Tuned("c", "http://node-c:8000", 0.30, Request("http://node-c:8000", load: "poisson:2")),
        };

        var fleet = FleetComparison.Of(runs);

        fleet
            .Select(f => f.Conditions)
            .Should()
            .Equal(
                "space sim-h100-llm, load poisson:2, workload lm-arena-chat",
                "space sim-h100-llm, load saturate, workload lm-arena-chat"
            );
        fleet[0].Hosts.Select(h => h.HostId).Should().Equal("host-b", "host-c");
        fleet[0].Hosts[1].AboveBestPercent.Should().BeApproximately(20, 1e-9);
        fleet[1].Hosts.Should().ContainSingle().Which.AboveBestPercent.Should().Be(0);
    }

    [Fact]
    public void HostsHeldToAnotherThroughputFloorOrOtherPinsAreNotComparedWithEachOther()
    {
        // host-b had to keep 100 % of its baseline's throughput; host-a might give up 40 %: 0.06 J/token against
        // 0.09 is not "+50 % over best". host-c chose among three batch sizes only.
        var runs = new[]
        {
            Tuned("a", "http://node-a:8000", 0.06, Request("http://node-a:8000", floor: "60%")),
            Tuned("b", "http://node-b:8000", 0.09, Request("http://node-b:8000")),
            Tuned("c", "http://node-c:8000", 0.10, Request("http://node-c:8000", pins: "max_num_seqs=8,16,32")),
            Tuned("d", "http://node-d:8000", 0.12, Request("http://node-d:8000", floor: "100%")),
        };

        var fleet = FleetComparison.Of(runs);

        fleet.Should().HaveCount(3);
        fleet
            .Select(f => (f.Conditions, string.Join(" ", f.Hosts.Select(h => h.HostId))))
            .Should()
            .BeEquivalentTo([
                ("space sim-h100-llm, load saturate, workload lm-arena-chat", "host-b host-d"),
                ("space sim-h100-llm, load saturate, workload lm-arena-chat, --min-throughput 60%", "host-a"),
                ("space sim-h100-llm, pinned max_num_seqs=8,16,32, load saturate, workload lm-arena-chat", "host-c"),
            ]);
    }

    [Fact]
    public void ASimulatedRunIsNotComparedWithMeasuredHosts()
    {
        var runs = new[]
        {
            Tuned("a", "http://node-a:8000", 0.09, Request("http://node-a:8000")),
            Tuned("b", "sim", 0.05, Request("sim")),
        };

        FleetComparison
            .Of(runs)
            .Select(f => f.Conditions)
            .Should()
            .BeEquivalentTo(
                "space sim-h100-llm, load saturate, workload lm-arena-chat",
                "space sim-h100-llm, target sim, load saturate, workload lm-arena-chat"
            );
    }

    [Fact]
    public void ThroughputFloorIsPartOfTheProblemOnlyUnderAClosedLoopLoadAndWhenNotTheDefault()
    {
        var saturate = RunFingerprint.Of(Request("sim"), Space);

        RunFingerprint.Of(Request("sim", floor: "100%"), Space).Should().Be(saturate, "the default keeps old runs");
        RunFingerprint.Of(Request("sim", floor: "90%"), Space).Should().Be(saturate + "|floor=90%");
        RunFingerprint
            .Of(Request("sim", load: "poisson:4", floor: "90%"), Space)
            .Should()
            .Be(RunFingerprint.Of(Request("sim", load: "poisson:4"), Space), "no floor applies to a rate");
    }

    [Fact]
    public void TheSloConfidenceIsPartOfTheProblemWhenNotTheDefaultAndIsNamed()
    {
        var request = Request("sim");
        var at95 = RunFingerprint.Of(request, Space);
        var at90 = RunFingerprint.Of(
            request with
            {
                Slo = request.Slo with { Confidence = SloConfidence.Parse("90%") },
            },
            Space
        );

        at95.Should().NotContain("confidence", "the default keeps the fingerprint of runs from before the level");
        at90.Should().Be(at95 + "|confidence=90 %");
        RunFingerprint
            .Conditions(StoreRecords.Run("a") with { Space = "s", Target = "sim", Fingerprint = at90 })
            .Should()
            .EndWith("workload lm-arena-chat, --confidence 90 %");
    }

    [Fact]
    public void APlanLevelAndItsPinnedServerKnobsAreNamed()
    {
        var run = StoreRecords.Run("a") with
        {
            Target = "sim",
            Space = "s",
            Model = "m",
            Fingerprint = "s|sim|m|H100|p50 itl<=30ms||load=poisson:3|workload=-|plan:3,12@3|max_num_seqs=64",
        };

        RunFingerprint
            .Conditions(run)
            .Should()
            .Be("space s, target sim, load poisson:3, level 3 requests/s of the plan for 3,12, server max_num_seqs=64");
    }

    private static OptimizeRequest Request(
        string target,
        string load = "saturate",
        string floor = "100%",
        string? pins = null
    ) =>
        new()
        {
            Slo = SloParser.ParseAll(["p50 itl<=30ms"]),
            StateDirectory = Path.GetTempPath(),
            Target = TargetSpec.Parse(target),
            Load = load,
            Workload = "lm-arena-chat",
            MinimumThroughput = ThroughputFloor.Parse(floor),
            Pins = pins is null ? [] : [KnobPin.Parse(pins)],
        };

    private static RunSummary Tuned(string id, string target, double energy, OptimizeRequest request) =>
        new(
            StoreRecords.Run(id, $"host-{id}") with
            {
                Fingerprint = RunFingerprint.Of(request, Space),
                Space = Space.Name,
                Target = target,
                Model = Space.Model,
                Gpu = Space.GpuModel,
                Slo = request.Slo.ToString(),
            },
            RunStatus.Finished,
            10,
            StoreRecords.Completion("max_num_seqs=192", energy, 5)
        );

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
