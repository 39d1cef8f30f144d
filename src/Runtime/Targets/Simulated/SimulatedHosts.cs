using MLEnergy.Runtime.Load;
using MLEnergy.Simulation;
using MLEnergy.Simulation.Load;

namespace MLEnergy.Runtime.Targets.Simulated;

/// <summary>The simulated host as the tool runs it: shipped catalogs, traces read in the one trace format.</summary>
public static class SimulatedHosts
{
    public static SimulatedHost CreateDefault() => SimulatedHost.CreateDefault(ReadTrace);

    /// <summary>The requests of a trace file, as the simulator replays them.</summary>
    public static IReadOnlyList<TraceRequest> ReadTrace(string path) => Requests(TraceFileReader.ReadLines(path));

    public static IReadOnlyList<TraceRequest> ReadTrace(TextReader reader, string name) =>
        Requests(TraceFileReader.Parse(reader, name));

    private static IReadOnlyList<TraceRequest> Requests(IEnumerable<TraceLine> lines) =>
        [.. lines.Select(l => new TraceRequest(l.Arrival.TotalSeconds, l.PromptTokens, l.MaxTokens))];
}
