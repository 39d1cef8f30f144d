using MLEnergy.Integration.Tests.Nvml;
using MLEnergy.Integration.Tests.Support;
using MLEnergy.Runtime.Journal;

namespace MLEnergy.Integration.Tests.Serving;

/// <summary>A dry run opens the host session like a run does, and closes it: NVML is shut down when it ends.</summary>
[Collection(NvmlStubGroup.Name)]
public sealed class DryRunSessionTests(NvmlStubFixture stub)
{
    [Fact]
    public async Task ADryRunOnGpuKnobsLeavesNvmlClosedAndChangesNothing()
    {
        using var temp = new TempDirectory();
        const string knobs = """
              - name: power_limit_w
                kind: gpu_power_limit
                values: [400, 700]
            """;
        var space = temp.File("space.yaml");
        File.WriteAllText(
            space,
            $$"""
            name: dry-gpu
            model: Qwen/Qwen3-8B
            load: concurrency:2
            knobs:
            {{knobs}}
            baseline: { power_limit_w: 700 }
            server:
              command: ["sleep", "913.5"]
            trial:
              gpus: [0]
            """
        );
        var openBefore = stub.OpenCount();
        var callsBefore = stub.Calls().Count;

        var run = await CliRun.RunAsync(
            "optimize",
            "--slo",
            "200ms",
            "--space",
            space,
            "--state-dir",
            temp.File("state"),
            "--dry-run"
        );

        run.ExitCode.Should().Be(0, run.Error);
        run.Out.Should().Contain("dry run: 2 trials on serving host").And.Contain("nothing was changed");
        run.Out.Should().Contain("400");
        stub.OpenCount().Should().Be(openBefore, "the dry run's NVML handles (control and energy meter) were closed");
        stub.Calls().Should().HaveCount(callsBefore, "a dry run sets nothing");
        HostJournal.Open(temp.File("state")).IsEmpty.Should().BeTrue();
        Directory.Exists(temp.File("state")).Should().BeFalse("a dry run writes nothing, not even its state directory");
        ServingSpace.AnyProcessWith("913.5").Should().BeFalse();
    }
}
