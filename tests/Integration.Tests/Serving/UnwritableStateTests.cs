using MLEnergy.Integration.Tests.Nvml;
using MLEnergy.Integration.Tests.Support;

namespace MLEnergy.Integration.Tests.Serving;

/// <summary>A state directory that cannot hold the journal: refused with one line before any GPU is touched.</summary>
[Collection(NvmlStubGroup.Name)]
public sealed class UnwritableStateTests(NvmlStubFixture stub)
{
    [Fact]
    public async Task AStateDirectoryThatCannotBeWrittenIsRefusedBeforeAnyGpuIsChanged()
    {
        using var temp = new TempDirectory();
        await using var host = await StubHost.StartAsync(stub, temp.Path);
        var space = SignalRestoreTests.LongTrialSpace(temp.File("space.yaml"));
        File.WriteAllText(temp.File("a-file"), "");
        var calls = stub.Calls().Count;

        var run = await CliProcess.RunAsync(
            host.Environment,
            host.OptimizeArguments(space, Path.Combine(temp.File("a-file"), "state"), temp.File("run"))
        );

        run.ExitCode.Should().Be(2, run.Output);
        run.Output.Trim().Should().StartWith("mlenergy: cannot write the state directory").And.NotContain("\n");
        stub.Calls().Skip(calls).Should().BeEmpty();
        host.Gpu(0).Should().Be(StubHost.Gpu0Untouched);
    }
}
