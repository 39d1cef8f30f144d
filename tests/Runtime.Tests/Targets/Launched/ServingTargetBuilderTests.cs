using System.Diagnostics;
using MLEnergy.Recommender.Slo;
using MLEnergy.Recommender.Spaces;
using MLEnergy.Runtime.Journal;
using MLEnergy.Runtime.Requests;
using MLEnergy.Runtime.Targets.Launched;
using MLEnergy.Runtime.Tests.Support;
using MLEnergy.Runtime.Trials;

namespace MLEnergy.Runtime.Tests.Targets.Launched;

/// <summary>
/// A space with a server section set up as a target: checked without touching the host; opened, it first puts back what
/// a killed run left (here a journaled <c>sleep</c>), and closed, it leaves the journal empty.
/// </summary>
public sealed class ServingTargetBuilderTests : IDisposable
{
    private readonly TempFolder _temp = new();
    private readonly Process _orphan = Process.Start("sleep", "611.5");

    public ServingTargetBuilderTests() =>
        HostJournal
            .Open(State)
            .Record(JournalEntry.Server(_orphan.Id, _orphan.StartTime.ToUniversalTime(), "sleep 611.5"));

    private string State => _temp.File("state");

    public void Dispose()
    {
        if (!_orphan.HasExited)
        {
            _orphan.Kill();
        }

        _orphan.Dispose();
        _temp.Dispose();
    }

    [Fact]
    public void SettingUpReadsTheServerSectionAndTouchesNothing()
    {
        var path = Space();

        var setup = ServingTargetBuilder.Create(Request(), Document(path), TimeProvider.System);

        setup.Target.Should().Be(new TargetSpec.LaunchedServer(path));
        setup.Space.Target.Should().Be("server:" + Path.GetFullPath(path));
        setup.MetricNames.Should().BeEquivalentTo(ServingEvaluator.Measured);
        setup.IsSimulated.Should().BeFalse();
        _orphan.HasExited.Should().BeFalse("nothing is restored until the target is opened");
        HostJournal.Open(State).Entries.Should().ContainSingle();
    }

    [Fact]
    public void AMissingApiKeyIsRefusedBeforeTheHostIsTouched()
    {
        var path = Space("  api_key_env: MLENERGY_TEST_KEY_THAT_IS_NOT_SET");

        var create = () => ServingTargetBuilder.Create(Request(), Document(path), TimeProvider.System);

        create
            .Should()
            .Throw<TargetException>()
            .WithMessage("server.api_key_env names MLENERGY_TEST_KEY_THAT_IS_NOT_SET, which is not set in the*");
        _orphan.HasExited.Should().BeFalse();
    }

    [Fact]
    public async Task OpeningPutsBackWhatAKilledRunLeftAndClosingLeavesTheJournalEmpty()
    {
        var setup = ServingTargetBuilder.Create(Request(), Document(Space()), TimeProvider.System);

        await using (var session = await setup.OpenAsync(CancellationToken.None))
        {
            session
                .Notices.Should()
                .ContainSingle()
                .Which.Should()
                .StartWith($"restored what an earlier run left: stopped server process {_orphan.Id}");
            session.ChangesHost.Should().BeTrue();
            _orphan.WaitForExit(5000).Should().BeTrue();
        }

        HostJournal.Open(State).IsEmpty.Should().BeTrue();
    }

    [Fact]
    public async Task ADryRunOnlySaysWhatItWouldRestore()
    {
        var setup = ServingTargetBuilder.Create(
            Request() with
            {
                DryRun = true,
            },
            Document(Space()),
            TimeProvider.System
        );

        await using (var session = await setup.OpenAsync(CancellationToken.None))
        {
            session
                .Notices.Should()
                .Equal($"would restore what an earlier run left: server process {_orphan.Id}: sleep 611.5");
        }

        _orphan.HasExited.Should().BeFalse();
        HostJournal.Open(State).Entries.Should().ContainSingle();
    }

    [Fact]
    public async Task ARunOnTheStateDirectoryOfAnApplySaysItUndoesTheAppliedSettingAsGovernDoes()
    {
        HostJournal
            .Open(State)
            .Record(JournalEntry.PowerLimit(0, "GPU-0", 700, settingWatts: 400) with { Applied = true });
        var setup = ServingTargetBuilder.Create(
            Request() with
            {
                DryRun = true,
            },
            Document(Space()),
            TimeProvider.System
        );

        await using var session = await setup.OpenAsync(CancellationToken.None);

        session
            .Notices[0]
            .Should()
            .StartWith($"the state directory {State} holds the GPU settings 'mlenergy apply' left");
        session
            .Notices.Skip(1)
            .Should()
            .AllSatisfy(n => n.Should().StartWith("would restore what 'mlenergy apply' left set: "));
        session.Notices.Should().HaveCount(3);
    }

    private static SpaceDocument Document(string path) => SearchSpaceYamlReader.ReadDocument(path);

    private OptimizeRequest Request() => new() { Slo = SloParser.ParseAll(["200ms"]), StateDirectory = State };

    private string Space(string extraServer = "")
    {
        var path = _temp.File("space.yaml");
        File.WriteAllText(
            path,
            $$"""
            name: serving
            knobs:
              - name: max_num_seqs
                kind: server_batch_size
                values: [16, 64]
            server:
              command: ["vllm", "serve", "{model}", "--max-num-seqs", "{max_num_seqs}", "--port", "{port}"]
              model: Qwen/Qwen3-8B
              energy_metric: vllm_gpu_energy_millijoules
            {{extraServer}}
            """
        );
        return path;
    }
}
