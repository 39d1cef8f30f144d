using MLEnergy.Integration.Tests.Nvml;
using MLEnergy.Integration.Tests.Support;
using MLEnergy.Simulation;
using MLEnergy.Simulation.Http;

namespace MLEnergy.Integration.Tests.Serving;

/// <summary><c>mlenergy govern --gpu-control nvml</c>: the host's GPUs (the NVML stub) follow the load.</summary>
[Collection(NvmlStubGroup.Name)]
public sealed class GovernNvmlTests(NvmlStubFixture stub)
{
    [Fact]
    public async Task GovernSetsTheBandsThroughNvmlAndPutsTheOriginalsBackOnSigterm()
    {
        using var temp = new TempDirectory();
        await using var server = new Simulation.Http.SimServer(
            SimulatedHost.CreateDefault(),
            new SimServerOptions("Qwen/Qwen3-8B", 64, Port: 0)
        );
        var address = await server.StartAsync(CancellationToken.None);
        GovernProcess.WriteTwoBandPlan(temp.File("plan.json"));
        var callsBefore = stub.Calls().Count;
        using var govern = new GovernProcess(
            new Dictionary<string, string> { [NvmlStubFixture.LibraryVariable] = stub.LibraryPath },
            [
                "--plan",
                temp.File("plan.json"),
                "--target",
                address.ToString(),
                "--gpu-control",
                "nvml",
                "--gpus",
                "0",
                "--interval",
                "0.2s",
                "--window",
                "1s",
                "--down-dwell",
                "1s",
                "--state-dir",
                temp.File("state"),
            ]
        );

        await govern.WaitForLineAsync(l => l.Contains("set band 0"), "band 0 for an idle server");
        await govern.TerminateAsync();

        govern.ExitCode.Should().Be(130, govern.Output);
        // The top band first (its limit; no clock cap), band 0 once idle, then the originals in journal order.
        stub.Calls()
            .Skip(callsBefore)
            .Should()
            .Equal(
                "nvmlDeviceSetPowerManagementLimit 0 650000",
                "nvmlDeviceSetGpuLockedClocks 0 345 900",
                "nvmlDeviceSetPowerManagementLimit 0 300000",
                "nvmlDeviceSetPowerManagementLimit 0 700000",
                "nvmlDeviceResetGpuLockedClocks 0"
            );
    }
}
