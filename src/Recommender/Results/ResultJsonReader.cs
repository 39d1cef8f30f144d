using System.Collections.Immutable;
using System.Text.Json;
using MLEnergy.Recommender.Knobs;
using MLEnergy.Recommender.Observations;
using MLEnergy.Recommender.Search;
using MLEnergy.Recommender.Slo;
using MLEnergy.Recommender.Spaces;
using MLEnergy.Units;

namespace MLEnergy.Recommender.Results;

/// <summary>
/// Reads result.json back into a <see cref="TuningResult"/> (for reports and apply); refuses other schema versions.
/// </summary>
public static class ResultJsonReader
{
    public static TuningResult Read(string json)
    {
        JsonElement root;
        try
        {
            root = JsonDocument.Parse(json).RootElement;
        }
        catch (JsonException e)
        {
            throw new ResultFormatException(
                $"result.json is {JsonInput.NotJson(e)}; expected the JSON a run writes (a tuning result)",
                e
            );
        }

        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new ResultFormatException(
                $"result.json holds {root.ValueKind.ToString().ToLowerInvariant()}, not a tuning result"
            );
        }

        var version = root.TryGetProperty("schemaVersion", out var v) && v.TryGetInt32(out var n) ? n : 0;
        if (version != TuningResult.SchemaVersion)
        {
            throw new ResultFormatException(
                $"result.json has schema version {version}; this mlenergy reads version {TuningResult.SchemaVersion}"
            );
        }

        try
        {
            return ReadV1(root);
        }
        catch (Exception e)
            when (e is KeyNotFoundException or InvalidOperationException or FormatException or SloFormatException)
        {
            throw new ResultFormatException(
                e is KeyNotFoundException
                    ? $"result.json is incomplete: {e.Message}"
                    : $"result.json has a value this version cannot read: {e.Message}",
                e
            );
        }
    }

    private static TuningResult ReadV1(JsonElement root)
    {
        var slo = SloParser.ParseAll(root.Field("slo").EnumerateArray().Select(c => c.Field("text").GetString()!));
        var energyMetric = root.Field("energyMetric").GetString();
        var objective =
            ObjectiveKinds.OfMetric(energyMetric ?? string.Empty)
            ?? throw new FormatException($"energyMetric {energyMetric} is not an energy objective");
        var trials = root.Field("trials").EnumerateArray().Select(ReadTrial).ToList();
        var knobs = root.TryGetProperty("knobs", out var k)
            ? [.. k.EnumerateArray().Select(ReadKnob)]
            : KnobsSeenIn(trials);
        var space = new SearchSpace
        {
            Name = root.Field("space").GetString()!,
            Description = root.TryGetProperty("spaceDescription", out var d)
                ? d.GetString() ?? string.Empty
                : string.Empty,
            Target = Text(root, "spaceTarget") ?? root.Field("target").GetString()!,
            Model = Text(root, "model"),
            GpuModel = Text(root, "gpuModel"),
            Objective = objective,
            Knobs = knobs,
            Variables = root.TryGetProperty("variables", out var vars)
                ? vars.EnumerateObject().ToImmutableDictionary(p => p.Name, p => p.Value.GetDouble())
                : ImmutableDictionary<string, double>.Empty,
            Baseline =
                root.TryGetProperty("baselineConfiguration", out var b) && b.ValueKind == JsonValueKind.Object
                    ? ReadConfiguration(b)
                    : (
                        root.Field("baseline") is { ValueKind: JsonValueKind.Object } bo
                            ? ReadConfiguration(bo.Field("configuration"))
                            : null
                    ),
        };
        var run = new TuningRun(
            trials,
            root.Field("trialsMeasured").GetInt32(),
            root.Field("candidates").GetInt32(),
            root.Field("strategy").GetString()!,
            root.Field("stopReason").GetString()!,
            root.Field("serverRestarts").GetInt32()
        )
        {
            Slo = slo,
            Twins = CapTwins.Of(space, trials),
        };
        return TuningResult.From(
            space,
            slo,
            root.Field("target").GetString()!,
            run,
            root.Field("startedAt").GetDateTimeOffset(),
            root.Field("finishedAt").GetDateTimeOffset(),
            root.TryGetProperty("minimumSavingPercent", out var m) && m.ValueKind == JsonValueKind.Number
                ? m.GetDouble()
                : Selection.RecommendationOutcome.DefaultMinimumSavingPercent,
            ReadFloor(root)
        ) with
        {
            LoadPlanFile = Text(root, "loadPlan"),
        };
    }

    /// <summary>The throughput floor the run kept; none for results written before it was recorded.</summary>
    private static Selection.ThroughputFloor ReadFloor(JsonElement root)
    {
        if (
            !root.TryGetProperty("capacity", out var capacity)
            || capacity.ValueKind != JsonValueKind.Object
            || Text(capacity, "minimumThroughput") is not { } text
        )
        {
            return Selection.ThroughputFloor.Any;
        }

        try
        {
            return Selection.ThroughputFloor.Parse(text) with
            {
                RateDriven = capacity.TryGetProperty("rateDriven", out var r) && r.ValueKind == JsonValueKind.True,
            };
        }
        catch (FormatException e)
        {
            throw new ResultFormatException($"capacity.minimumThroughput: {e.Message}");
        }
    }

    private static Observation ReadTrial(JsonElement trial)
    {
        var configuration = ReadConfiguration(trial.Field("configuration"));
        var metrics = trial
            .Field("metrics")
            .EnumerateObject()
            .ToImmutableDictionary(p => p.Name, p => p.Value.GetDouble());
        return new Observation(configuration, metrics)
        {
            Feasible = trial.Field("feasible").GetBoolean(),
            InfeasibleReason = Text(trial, "reason"),
            Infeasibility = trial.Field("feasible").GetBoolean() ? null : Infeasibility.Parse(Text(trial, "cause")),
            InvalidReason = Text(trial, "invalid"),
            GatesSkipped = trial.TryGetProperty("gatesSkipped", out var g)
                ? [.. g.EnumerateArray().Select(e => e.GetString()!)]
                : [],
            Fidelity = Enum.Parse<TrialFidelity>(trial.Field("fidelity").GetString()!, ignoreCase: true),
            HostTime = trial.TryGetProperty("hostTimeSeconds", out var h)
                ? TimeSpan.FromSeconds(h.GetDouble())
                : TimeSpan.Zero,
            Verdicts = trial.TryGetProperty("verdicts", out var v)
                ? v.EnumerateObject()
                    .ToImmutableDictionary(
                        p => p.Name,
                        p => Enum.Parse<SloVerdict>(p.Value.GetString()!, ignoreCase: true)
                    )
                : ImmutableDictionary<string, SloVerdict>.Empty,
            PowerTrace = trial.TryGetProperty("powerTrace", out var p)
                ?
                [
                    .. p.EnumerateArray()
                        .Select(s => new PowerSample(
                            TimeSpan.FromSeconds(s[0].GetDouble()),
                            Power.FromWatts(s[1].GetDouble())
                        )),
                ]
                : [],
        };
    }

    private static Knob ReadKnob(JsonElement knob)
    {
        var kind = KnobKinds.TryParse(knob.Field("kind").GetString()!, out var parsed)
            ? parsed
            : KnobKind.ServerArgument;
        return new Knob(
            knob.Field("name").GetString()!,
            kind,
            [.. knob.Field("values").EnumerateArray().Select(ReadValue)],
            knob.Field("restartsServer").GetBoolean(),
            knob.Field("outputPreserving").GetBoolean()
        );
    }

    private static ImmutableArray<Knob> KnobsSeenIn(List<Observation> trials) =>
        [
            .. trials
                .SelectMany(t => t.Configuration.Values)
                .GroupBy(kv => kv.Key)
                .Select(g => new Knob(
                    g.Key,
                    KnobKind.ServerArgument,
                    [.. g.Select(kv => kv.Value).Distinct().Order()],
                    RestartsServer: true
                )),
        ];

    private static Configuration ReadConfiguration(JsonElement element) =>
        new(element.EnumerateObject().Select(p => KeyValuePair.Create(p.Name, ReadValue(p.Value))));

    private static KnobValue ReadValue(JsonElement value) =>
        value.ValueKind == JsonValueKind.Number ? KnobValue.Of(value.GetDouble()) : KnobValue.Parse(value.GetString()!);

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}
