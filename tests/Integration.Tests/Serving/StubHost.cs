using MLEnergy.Integration.Tests.Nvml;
using MLEnergy.Simulation;
using MLEnergy.Simulation.Http;

namespace MLEnergy.Integration.Tests.Serving;

/// <summary>
/// A host as separate mlenergy processes see it: the NVML stub keeping its GPUs' settings in a file (as a real GPU
/// keeps them between processes), and a sim-server to send the load to. Line <c>i</c> of the file is gpu<c>i</c>'s
/// "index, power limit mW, locked clocks min and max MHz (0 0: not locked)".
/// </summary>
internal sealed class StubHost : IAsyncDisposable
{
    /// <summary>gpu0 as the stub starts it: 700 W, clocks not locked.</summary>
    public const string Gpu0Untouched = "0 700000 0 0";

    private readonly Simulation.Http.SimServer server;

    private StubHost(NvmlStubFixture stub, string folder, Simulation.Http.SimServer server, Uri address)
    {
        this.server = server;
        GpuStatePath = Path.Combine(folder, "gpu-state");
        Address = address;
        Environment = new Dictionary<string, string>
        {
            [NvmlStubFixture.LibraryVariable] = stub.LibraryPath,
            ["NVML_STUB_STATE"] = GpuStatePath,
        };
    }

    public string GpuStatePath { get; }

    public Uri Address { get; }

    /// <summary>What an mlenergy process needs in its environment to use this host's GPUs.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; }

    public static async Task<StubHost> StartAsync(NvmlStubFixture stub, string folder)
    {
        var server = new Simulation.Http.SimServer(
            SimulatedHost.CreateDefault(),
            new SimServerOptions("Qwen/Qwen3-8B", 64, Port: 0)
        );
        var address = await server.StartAsync(CancellationToken.None);
        return new StubHost(stub, folder, server, address);
    }

    /// <summary>
    /// The arguments of <c>optimize --slo 200ms</c> against this host: the space, the state directory, the run folder,
    /// then <paramref name="more"/>.
    /// </summary>
    public string[] OptimizeArguments(string space, string state, string output, params string[] more) =>
        [
            "optimize",
            "--slo",
            "200ms",
            "--target",
            Address.ToString(),
            "--space",
            space,
            "--state-dir",
            state,
            "--out",
            output,
            .. more,
        ];

    /// <summary>gpu<paramref name="gpu"/>'s line of the state file; the untouched setting before any change.</summary>
    public string Gpu(int gpu)
    {
        var lines = File.Exists(GpuStatePath) ? File.ReadAllLines(GpuStatePath) : [];
        return lines.FirstOrDefault(l => l.StartsWith($"{gpu} ", StringComparison.Ordinal))
            ?? (gpu == 0 ? Gpu0Untouched : $"{gpu} untouched");
    }

    /// <summary>Sets gpu<paramref name="gpu"/> by hand, as an operator's nvidia-smi would.</summary>
    public void SetByHand(int gpu, int limitWatts, int lockedMinimum = 0, int lockedMaximum = 0)
    {
        var lines = File.Exists(GpuStatePath) ? File.ReadAllLines(GpuStatePath).ToList() : ["0 700000 0 0"];
        lines.RemoveAll(l => l.StartsWith($"{gpu} ", StringComparison.Ordinal));
        lines.Add($"{gpu} {limitWatts * 1000} {lockedMinimum} {lockedMaximum}");
        File.WriteAllLines(GpuStatePath, lines);
    }

    public ValueTask DisposeAsync() => server.DisposeAsync();
}
