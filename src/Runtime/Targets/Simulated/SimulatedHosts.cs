using MLEnergy.Runtime.Load;
using MLEnergy.Runtime.State;
using MLEnergy.Simulation;
using MLEnergy.Simulation.Load;

namespace MLEnergy.Runtime.Targets.Simulated;

/// <summary>The simulated host as the tool runs it: shipped catalogs, traces read in the one trace format.</summary>
public static class SimulatedHosts
{
    public static SimulatedHost CreateDefault() => SimulatedHost.CreateDefault(ReadTrace);

    /// <summary>The requests of a trace file, as the simulator replays them.</summary>
    public static IReadOnlyList<TraceRequest> ReadTrace(string path)
    {
        if (!File.Exists(path))
        {
            throw new LoadSpecException($"trace file '{path}' not found");
        }

        using var reader = new StringReader(
            BoundedFile.ReadAllText(path, BoundedFile.DataLimit, m => new LoadSpecException($"trace file {m}"))
        );
        return ReadTrace(reader, path);
    }

    public static IReadOnlyList<TraceRequest> ReadTrace(TextReader reader, string name) =>
        [
            .. TraceFileReader
                .Parse(reader, name)
                .Select(l => new TraceRequest(l.Arrival.TotalSeconds, l.PromptTokens, l.MaxTokens)),
        ];
}
