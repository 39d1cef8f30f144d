using System.Text.Json;
using MLEnergy.Integration.Tests.Support;
using MLEnergy.Simulation;
using MLEnergy.Simulation.Http;

namespace MLEnergy.Integration.Tests.Serving;

/// <summary>
/// <c>--target http://HOST:PORT</c>: a sim-server already running on loopback, driven but never launched or stopped.
/// </summary>
[Collection(ServingGroup.Name)]
public sealed class ExternalServerTests
{
    [Fact]
    public async Task OptimizeDrivesARunningServerItDidNotLaunchAndMetersItsEnergy()
    {
        using var temp = new TempDirectory();
        await using var server = new Simulation.Http.SimServer(
            SimulatedHost.CreateDefault(),
            new SimServerOptions("Qwen/Qwen3-8B", 64, Port: 0)
        );
        var address = await server.StartAsync(CancellationToken.None);
        var space = ExternalSpace.Write(temp.File("space.yaml"), ExternalSpace.PinnedBatch, ExternalSpace.SimEnergy);
        var output = temp.File("run");

        var run = await CliRun.RunAsync(
            "optimize",
            "--slo",
            "200ms",
            "--target",
            address.ToString(),
            "--space",
            space,
            "--state-dir",
            temp.File("state"),
            "--out",
            output,
            "--json"
        );

        run.ExitCode.Should().Be(0, run.Error);
        using var result = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "result.json")));
        result.RootElement.GetProperty("spaceTarget").GetString().Should().Be(address.ToString().TrimEnd('/'));
        var trials = result.RootElement.GetProperty("trials").EnumerateArray().ToList();
        trials
            .Should()
            .NotBeEmpty()
            .And.OnlyContain(t => t.GetProperty("configuration").GetProperty("max_num_seqs").GetDouble() == 64);
        trials.Should().OnlyContain(t => t.GetProperty("metrics").GetProperty("energy_per_token_j").GetDouble() > 0);
        trials.Should().OnlyContain(t => t.GetProperty("metrics").GetProperty("requests").GetDouble() > 0);
        (await new HttpClient().GetStringAsync(new Uri(address, "health")))
            .Should()
            .Be("ok", "a server mlenergy did not launch keeps running");
    }

    [Fact]
    public async Task ServerKnobsLeftFreeAreRefusedWithTheAdviceToPinOrDropThem()
    {
        using var temp = new TempDirectory();
        await using var server = new Simulation.Http.SimServer(
            SimulatedHost.CreateDefault(),
            new SimServerOptions("Qwen/Qwen3-8B", 64, Port: 0)
        );
        var address = await server.StartAsync(CancellationToken.None);
        var space = ExternalSpace.Write(temp.File("space.yaml"), ServingSpace.BatchKnob, ExternalSpace.SimEnergy);

        var refused = await CliRun.RunAsync(
            "optimize",
            "--slo",
            "200ms",
            "--target",
            address.ToString(),
            "--space",
            space,
            "--state-dir",
            temp.File("state"),
            "--dry-run"
        );
        var pinned = await CliRun.RunAsync(
            "optimize",
            "--slo",
            "200ms",
            "--target",
            address.ToString(),
            "--space",
            space,
            "--state-dir",
            temp.File("state"),
            "--set",
            "max_num_seqs=64",
            "--dry-run"
        );

        refused.ExitCode.Should().Be(2);
        refused
            .ErrorLines.Should()
            .ContainSingle()
            .Which.Should()
            .Contain("max_num_seqs cannot be changed on an external server")
            .And.Contain("--set max_num_seqs=VALUE");
        pinned.ExitCode.Should().Be(0, pinned.Error);
        pinned.Out.Should().Contain($"send load to the running server at {address}");
    }

    [Fact]
    public async Task AnUnreachableUrlIsOneLineAndExitTwoAndTouchesNothing()
    {
        using var temp = new TempDirectory();
        var space = ExternalSpace.Write(temp.File("space.yaml"), ExternalSpace.PinnedBatch, ExternalSpace.SimEnergy);

        var run = await CliRun.RunAsync(
            "optimize",
            "--slo",
            "200ms",
            "--target",
            "http://127.0.0.1:1",
            "--space",
            space,
            "--state-dir",
            temp.File("state")
        );

        run.ExitCode.Should().Be(2);
        run.ErrorLines.Should()
            .ContainSingle()
            .Which.Should()
            .StartWith("mlenergy: cannot reach the server at http://127.0.0.1:1/");
        Directory.Exists(temp.File("state")).Should().BeFalse("nothing was written, started or changed");
    }
}
