using System.Diagnostics;
using MLEnergy.Integration.Tests.Nvml;
using MLEnergy.Integration.Tests.Support;
using MLEnergy.Runtime.Journal;

namespace MLEnergy.Integration.Tests.Serving;

/// <summary>
/// kill -9 of a running optimize: the journal lets <c>mlenergy restore</c> put the GPU back and stop the orphaned
/// server.
/// </summary>
[Collection(NvmlStubGroup.Name)]
public sealed class KillNineRestoreTests(NvmlStubFixture stub)
{
    private string? _gpuState;

    [Fact]
    public async Task RestoreAfterKillNinePutsClocksAndLimitsBackAndStopsTheOrphanedServer()
    {
        using var temp = new TempDirectory();
        const string knobs = """
              - name: max_num_seqs
                kind: server_batch_size
                values: [64]
              - name: sm_clock_mhz
                kind: gpu_sm_clock_cap
                values: [1200, 1980]
              - name: power_limit_w
                kind: gpu_power_limit
                values: [400, 700]
            """;
        var space = ServingSpace.Write(
            temp.File("space.yaml"),
            knobs,
            "{ max_num_seqs: 64, sm_clock_mhz: 1200, power_limit_w: 400 }",
            ServingSpace.SimServer,
            trial: "  gpus: [0]"
        );
        File.WriteAllText(
            space,
            File.ReadAllText(space)
                .Replace("window: 3s", "window: 60s", StringComparison.Ordinal)
                .Replace("max_window: 8s", "max_window: 60s", StringComparison.Ordinal)
        );
        var state = temp.File("state");
        var journalPath = Path.Combine(state, HostJournal.FileName);
        var callsBefore = stub.Calls().Count;
        _gpuState = temp.File("gpu-state");

        using (
            var optimize = Start(
                "optimize",
                "--slo",
                "200ms",
                "--space",
                space,
                "--state-dir",
                state,
                "--out",
                temp.File("run")
            )
        )
        {
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (
                !(
                    File.Exists(journalPath)
                    && File.ReadAllText(journalPath) is var text
                    && text.Contains("gpu_power_limit")
                    && text.Contains("server_process")
                    // The journal is written ahead of each change: wait until the GPU has the limit too.
                    && File.Exists(_gpuState)
                    && File.ReadAllLines(_gpuState) is [var gpu0, ..]
                    && gpu0.StartsWith("0 400000 ", StringComparison.Ordinal)
                )
            )
            {
                optimize.HasExited.Should().BeFalse("the run should still be going");
                DateTime
                    .UtcNow.Should()
                    .BeBefore(deadline, "the run should journal and make its server and GPU changes");
                await Task.Delay(100);
            }

            optimize.Kill();
            await optimize.WaitForExitAsync();
        }

        var left = HostJournal.Open(state).Entries;
        var serverId = left.Single(e => e.Kind == JournalEntryKind.ServerProcess).ProcessId!.Value;
        IsRunning(serverId).Should().BeTrue("kill -9 leaves the server orphaned");
        stub.Calls().Skip(callsBefore).Should().Contain("nvmlDeviceSetPowerManagementLimit 0 400000");
        File.ReadAllLines(_gpuState)[0].Should().StartWith("0 400000 ", "the killed run left gpu0 at 400 W");

        var (exitCode, output) = await RunAsync("restore", "--state-dir", state);

        exitCode.Should().Be(0, output);
        output
            .Should()
            .Contain($"stopped server process {serverId}")
            .And.Contain("gpu0: power limit back to 700 W")
            .And.Contain("gpu0: SM clocks reset");
        stub.Calls()
            .Skip(callsBefore)
            .Should()
            .EndWith(["nvmlDeviceResetGpuLockedClocks 0", "nvmlDeviceSetPowerManagementLimit 0 700000"]);
        IsRunning(serverId).Should().BeFalse();
        File.Exists(journalPath).Should().BeFalse();
        File.ReadAllLines(_gpuState)[0].Should().Be("0 700000 0 0", "a second process found and undid the change");

        (exitCode, output) = await RunAsync("restore", "--state-dir", state);
        exitCode.Should().Be(0);
        output.Should().StartWith("Nothing to restore");
    }

    private static bool IsRunning(int processId)
    {
        var stat = $"/proc/{processId}/stat";
        return File.Exists(stat)
            && File.ReadAllText(stat) is var text
            && text[(text.LastIndexOf(')') + 2)] is not ('Z' or 'X');
    }

    private Process Start(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "MLEnergy.Cli.dll"));
        foreach (var argument in args)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment[NvmlStubFixture.LibraryVariable] = stub.LibraryPath;
        start.Environment["NVML_STUB_STATE"] = _gpuState;
        var process = Process.Start(start)!;
        process.StandardOutput.ReadToEndAsync();
        process.StandardError.ReadToEndAsync();
        return process;
    }

    private async Task<(int ExitCode, string Output)> RunAsync(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "MLEnergy.Cli.dll"));
        foreach (var argument in args)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment[NvmlStubFixture.LibraryVariable] = stub.LibraryPath;
        start.Environment["NVML_STUB_STATE"] = _gpuState;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output + await error);
    }
}
