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
            root = JsonDocument.Parse(json, JsonInput.Options).RootElement;
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

        var version =
            root.TryGetProperty("schemaVersion", out var v)
            && v.ValueKind == JsonValueKind.Number
            && v.TryGetInt32(out var n)
                ? n
                : 0;
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
            when (e
                    is KeyNotFoundException
                        or InvalidOperationException
                        or ArgumentException
                        or FormatException
                        or SloFormatException
            )
        {
            throw new ResultFormatException(
                e switch
                {
                    KeyNotFoundException => $"result.json is incomplete: {e.Message}",
                    FormatException or SloFormatException =>
                        $"result.json has a value this version cannot read: {e.Message}",
                    _ => "result.json has a value of a kind this version cannot read",
                },
                e
            );
        }
    }

    private static TuningResult ReadV1(JsonElement root)
    {
        var slo = SloParser.ParseAll(root.ArrayField("slo").Select(c => c.TextField("text"))) with
        {
            // A result written before the level was recorded was certified at the one level there was.
            Confidence = root.OptionalNumberField("sloConfidence") is { } level
                ? SloConfidence.Stored(level, "sloConfidence")
                : SloConfidence.Default,
        };
        var energyMetric = root.TextField("energyMetric");
        var objective =
            ObjectiveKinds.OfMetric(energyMetric ?? string.Empty)
            ?? throw new FormatException($"energyMetric {energyMetric} is not an energy objective");
        var trials = root.ArrayField("trials").Select(ReadTrial).ToList();
        var knobs = root.TryGetProperty("knobs", out var k)
            ? [.. k.AsArray("knobs").Select(ReadKnob)]
            : KnobsSeenIn(trials);
        var space = new SearchSpace
        {
            Name = root.TextField("space"),
            Description = root.TryGetProperty("spaceDescription", out var d)
                ? d.AsText("spaceDescription")
                : string.Empty,
            Target = Text(root, "spaceTarget") ?? root.TextField("target"),
            Model = Text(root, "model"),
            GpuModel = Text(root, "gpuModel"),
            Objective = objective,
            Knobs = knobs,
            Variables = root.TryGetProperty("variables", out var vars)
                ? vars.AsObject("variables").ToImmutableDictionary(p => p.Name, p => p.Value.AsNumber(p.Name))
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
            root.WholeNumberField("trialsMeasured"),
            root.WholeNumberField("candidates"),
            root.TextField("strategy"),
            root.TextField("stopReason"),
            root.WholeNumberField("serverRestarts")
        )
        {
            Slo = slo,
            Twins = CapTwins.Of(space, trials),
        };
        return TuningResult.From(
            space,
            slo,
            root.TextField("target"),
            run,
            root.TimeField("startedAt"),
            root.TimeField("finishedAt"),
            root.OptionalNumberField("minimumSavingPercent")
                ?? Selection.RecommendationOutcome.DefaultMinimumSavingPercent,
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
            || capacity.ValueKind == JsonValueKind.Null
            || Text(capacity.AsObjectElement("capacity"), "minimumThroughput") is not { } text
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
        var metrics = trial.ObjectField("metrics").ToImmutableDictionary(p => p.Name, p => p.Value.AsNumber(p.Name));
        return new Observation(configuration, metrics)
        {
            Feasible = trial.FlagField("feasible"),
            InfeasibleReason = Text(trial, "reason"),
            Infeasibility = trial.FlagField("feasible") ? null : Infeasibility.Parse(Text(trial, "cause")),
            InvalidReason = Text(trial, "invalid"),
            ShortOfSamples = Text(trial, "cause") == Infeasibility.ShortOfSamples,
            GatesSkipped = trial.TryGetProperty("gatesSkipped", out var g)
                ? [.. g.AsArray("gatesSkipped").Select(e => e.AsText("gatesSkipped"))]
                : [],
            Fidelity = Choice<TrialFidelity>(trial.TextField("fidelity"), "fidelity"),
            HostTime = trial.TryGetProperty("hostTimeSeconds", out var h)
                ? TimeSpan.FromSeconds(h.AsNumber("hostTimeSeconds"))
                : TimeSpan.Zero,
            Verdicts = trial.TryGetProperty("verdicts", out var v)
                ? v.AsObject("verdicts")
                    .ToImmutableDictionary(p => p.Name, p => Choice<SloVerdict>(p.Value.AsText(p.Name), p.Name))
                : ImmutableDictionary<string, SloVerdict>.Empty,
            PowerTrace = trial.TryGetProperty("powerTrace", out var p)
                ?
                [
                    .. p.AsArray("powerTrace")
                        .Select(s => new PowerSample(
                            TimeSpan.FromSeconds(s.AsArray("powerTrace").First().AsNumber("powerTrace")),
                            Power.FromWatts(s.AsArray("powerTrace").ElementAt(1).AsNumber("powerTrace"))
                        )),
                ]
                : [],
        };
    }

    private static Knob ReadKnob(JsonElement knob)
    {
        var kind = KnobKinds.TryParse(knob.TextField("kind"), out var parsed) ? parsed : KnobKind.ServerArgument;
        return new Knob(
            knob.TextField("name"),
            kind,
            [.. knob.ArrayField("values").Select(ReadValue)],
            knob.FlagField("restartsServer"),
            knob.FlagField("outputPreserving")
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
        new(element.AsObject("configuration").Select(p => KeyValuePair.Create(p.Name, ReadValue(p.Value))));

    private static KnobValue ReadValue(JsonElement value) =>
        value.ValueKind == JsonValueKind.Number ? KnobValue.Of(value.GetDouble())
        : value.ValueKind == JsonValueKind.String ? KnobValue.Parse(value.GetString()!)
        : throw new FormatException($"a knob value is {JsonInput.KindOf(value)}, expected a number or text");

    private static T Choice<T>(string text, string name)
        where T : struct, Enum =>
        Enum.TryParse<T>(text, ignoreCase: true, out var value) && Enum.IsDefined(value)
            ? value
            : throw new FormatException(
                $"'{name}' is '{text}', expected one of {string.Join(", ", Enum.GetNames<T>()).ToLowerInvariant()}"
            );

    private static string? Text(JsonElement element, string name) => element.OptionalTextField(name);
}
