using MLEnergy.Integration.Tests.Nvml;
using MLEnergy.Integration.Tests.Support;
using MLEnergy.Runtime.Journal;

namespace MLEnergy.Integration.Tests.Serving;

/// <summary>
/// Ctrl-C, a service manager's SIGTERM and a closed terminal's SIGHUP in the middle of a trial: the run ends with exit
/// code 130 and the GPU as it found it, nothing left in the journal.
/// </summary>
[Collection(NvmlStubGroup.Name)]
public sealed class SignalRestoreTests(NvmlStubFixture stub)
{
    public const string GpuKnobs = """
          - name: max_num_seqs
            kind: server_batch_size
            values: [64]
          - name: sm_clock_mhz
            kind: gpu_sm_clock_cap
            values: [1200]
          - name: power_limit_w
            kind: gpu_power_limit
            values: [300]
        """;

    [Theory]
    [InlineData("INT")]
    [InlineData("TERM")]
    [InlineData("HUP")]
    public async Task ASignalMidTrialPutsTheGpuBackAndExits130(string signal)
    {
        using var temp = new TempDirectory();
        await using var host = await StubHost.StartAsync(stub, temp.Path);
        var space = LongTrialSpace(temp.File("space.yaml"));
        var state = temp.File("state");
        using var run = new CliProcess(host.Environment, host.OptimizeArguments(space, state, temp.File("run")));
        await run.WaitUntilAsync(() => host.Gpu(0) == "0 300000 345 1200", "set gpu0 to 300 W and 1200 MHz");

        await run.SignalAsync(signal);

        (await run.WaitForExitAsync()).Should().Be(130, run.Output);
        host.Gpu(0).Should().Be(StubHost.Gpu0Untouched, $"SIG{signal} must put gpu0 back");
        HostJournal.Open(state).IsEmpty.Should().BeTrue();
    }

    /// <summary>A space whose trial window (60 s) outlasts the test's wait for its first change.</summary>
    public static string LongTrialSpace(string path, string gpus = "[0]")
    {
        ExternalSpace.Write(path, GpuKnobs, ExternalSpace.SimEnergy, trial: $"  gpus: {gpus}");
        File.WriteAllText(
            path,
            File.ReadAllText(path)
                .Replace("window: 3s", "window: 60s", StringComparison.Ordinal)
                .Replace("max_window: 8s", "max_window: 60s", StringComparison.Ordinal)
        );
        return path;
    }
}
