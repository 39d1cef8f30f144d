using System.Collections.Immutable;
using System.Text.Json;
using MLEnergy.Recommender.Knobs;
using MLEnergy.Recommender.Observations;
using MLEnergy.Units;

namespace MLEnergy.Runtime.Stores;

/// <summary>The JSON columns of a trial row: configuration, metrics, verdicts, power trace and gates skipped; and its
/// cause.</summary>
internal static class ObservationJson
{
    public static string Configuration(Configuration configuration) =>
        JsonSerializer.Serialize(configuration.Values.ToDictionary(kv => kv.Key, kv => kv.Value.Text));

    public static Configuration ReadConfiguration(string json) =>
        new(
            JsonSerializer
                .Deserialize<Dictionary<string, string>>(json)!
                .Select(kv => KeyValuePair.Create(kv.Key, KnobValue.Parse(kv.Value)))
        );

    public static string Metrics(Observation observation) =>
        JsonSerializer.Serialize(
            observation.Metrics.Where(m => double.IsFinite(m.Value)).ToDictionary(m => m.Key, m => m.Value)
        );

    public static ImmutableDictionary<string, double> ReadMetrics(string json) =>
        JsonSerializer.Deserialize<Dictionary<string, double>>(json)!.ToImmutableDictionary();

    public static string? Verdicts(Observation observation) =>
        observation.Verdicts.IsEmpty
            ? null
            : JsonSerializer.Serialize(observation.Verdicts.ToDictionary(v => v.Key, v => v.Value.ToString()));

    public static ImmutableDictionary<string, SloVerdict> ReadVerdicts(string? json) =>
        json is null
            ? ImmutableDictionary<string, SloVerdict>.Empty
            : JsonSerializer
                .Deserialize<Dictionary<string, string>>(json)!
                .ToImmutableDictionary(v => v.Key, v => Enum.Parse<SloVerdict>(v.Value));

    /// <summary>
    /// A trial as its row stores it, the one reading of the columns for every store (a run's trials, a study's):
    /// an invalid trial is told by its reason's <see cref="Observation.InvalidPrefix"/>, and one short of samples by
    /// its cause (<see cref="ShortOfSamples"/>).
    /// </summary>
    public static Observation ReadTrial(
        Configuration configuration,
        string metrics,
        bool feasible,
        string? reason,
        string? cause,
        TrialFidelity fidelity,
        double hostTimeSeconds,
        string? verdicts,
        string? powerTrace,
        string? gatesSkipped = null
    ) =>
        new(configuration, ReadMetrics(metrics))
        {
            Feasible = feasible,
            InfeasibleReason = reason,
            Infeasibility = ReadCause(feasible, cause),
            InvalidReason =
                reason is not null && reason.StartsWith(Observation.InvalidPrefix, StringComparison.Ordinal)
                    ? reason[Observation.InvalidPrefix.Length..]
                    : null,
            ShortOfSamples = cause == ShortOfSamples,
            Fidelity = fidelity,
            HostTime = TimeSpan.FromSeconds(hostTimeSeconds),
            Verdicts = ReadVerdicts(verdicts),
            PowerTrace = ReadPowerTrace(powerTrace),
            GatesSkipped = gatesSkipped is null ? [] : [.. JsonSerializer.Deserialize<string[]>(gatesSkipped)!],
        };

    /// <summary>The validity gates the trial's target could not check, as a JSON list; null when it checked all.
    /// </summary>
    public static string? GatesSkipped(Observation observation) =>
        observation.GatesSkipped.IsEmpty ? null : JsonSerializer.Serialize(observation.GatesSkipped);

    /// <summary>The cause stored for a trial short only of samples (<see cref="Infeasibility.ShortOfSamples"/>).
    /// </summary>
    public const string ShortOfSamples = Infeasibility.ShortOfSamples;

    /// <summary>The trial's cause as stored (<see cref="Infeasibility.Kept"/>).</summary>
    public static string? Cause(Observation observation) => Infeasibility.Kept(observation);

    /// <summary>An infeasible trial's stored cause; a row without one (older stores) reads as unknown.</summary>
    public static Infeasibility? ReadCause(bool feasible, string? code) => feasible ? null : Infeasibility.Parse(code);

    public static string? PowerTrace(Observation observation) =>
        observation.PowerTrace.IsEmpty
            ? null
            : JsonSerializer.Serialize(
                observation.PowerTrace.Select(p => new[] { p.Elapsed.TotalSeconds, p.Power.Watts })
            );

    public static ImmutableArray<PowerSample> ReadPowerTrace(string? json) =>
        json is null
            ? []
            :
            [
                .. JsonSerializer
                    .Deserialize<double[][]>(json)!
                    .Select(p => new PowerSample(TimeSpan.FromSeconds(p[0]), Power.FromWatts(p[1]))),
            ];
}
