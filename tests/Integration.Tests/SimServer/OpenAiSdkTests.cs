using System.Diagnostics;
using MLEnergy.Simulation;
using MLEnergy.Simulation.Http;

namespace MLEnergy.Integration.Tests.SimServer;

/// <summary>sim-server driven by the official OpenAI Node SDK (npm <c>openai</c>), streaming helpers too.</summary>
public sealed class OpenAiSdkTests
{
    [OpenAiSdkFact]
    public async Task TheOfficialOpenAiNodeSdkPassesEveryCheckAgainstSimServer()
    {
        await using var server = new Simulation.Http.SimServer(
            SimulatedHost.CreateDefault(),
            new SimServerOptions("Qwen/Qwen3-8B", 16, TimeScale: 20, Port: 0)
        );
        var address = await server.StartAsync(CancellationToken.None);
        var start = new ProcessStartInfo(OpenAiSdkFactAttribute.Node!)
        {
            WorkingDirectory = OpenAiSdkFactAttribute.Folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add("sdk-check.mjs");
        start.ArgumentList.Add(new Uri(address, "v1").ToString());
        start.ArgumentList.Add("Qwen/Qwen3-8B");

        using var node = Process.Start(start)!;
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var output = node.StandardOutput.ReadToEndAsync(limit.Token);
        var error = node.StandardError.ReadToEndAsync(limit.Token);
        await node.WaitForExitAsync(limit.Token);
        var lines = (await output).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        lines.Where(l => !l.StartsWith("ok ", StringComparison.Ordinal)).Should().BeEmpty(await error);
        lines.Should().HaveCountGreaterThanOrEqualTo(20);
        node.ExitCode.Should().Be(0);
    }
}
