using System.Text.Json;
using System.Text.Json.Nodes;
using MLEnergy.Recommender.Metrics;
using MLEnergy.Recommender.Results;
using MLEnergy.Recommender.Selection;
using MLEnergy.Recommender.Slo;
using MLEnergy.Recommender.Tests.Support;

namespace MLEnergy.Recommender.Tests.Results;

public sealed class ResultJsonReaderTests
{
    [Fact]
    public void AResultReadBackHasTheSameRecommendationFrontierKnobsAndPowerTraces()
    {
        var original = ReportFixture.Result();

        var read = ResultJsonReader.Read(ResultJsonWriter.Write(original));

        read.Selection.Recommended!.Configuration.Should().Be(original.Selection.Recommended!.Configuration);
        read.Selection.Baseline!.Configuration.Should().Be(ReportFixture.Config(1980, 8));
        read.Frontier.Select(o => o.Configuration.Key)
            .Should()
            .Equal(original.Frontier.Select(o => o.Configuration.Key));
        read.Space.Knobs.Select(k => (k.Name, k.Kind, k.Values.Length, k.OutputPreserving))
            .Should()
            .Equal(original.Space.Knobs.Select(k => (k.Name, k.Kind, k.Values.Length, k.OutputPreserving)));
        read.Space.Variables["gpus"].Should().Be(2);
        read.Run.Observations[0].PowerTrace.Should().HaveCount(4);
        read.Run.Observations[0].HostTime.Should().Be(TimeSpan.FromSeconds(60));
        read.Run.Observations[^1].Feasible.Should().BeFalse();
        read.StartedAt.Should().Be(ReportFixture.Started);
        ResultJsonWriter.Write(read).Should().Be(ResultJsonWriter.Write(original));
    }

    [Fact]
    public void ATrialShortOnlyOfSamplesIsReadBackAsSuchSoTheReportsFrontierIsTheRunsOwn()
    {
        // The simulated host, seed 7, budget 12: a trial at 10.03 ms whose window held 424 of the 637 samples its
        // verdict needed stood on optimize's frontier, and 'mlenergy report' (from result.json) dropped it: read back
        // without its cause it was any invalid trial, infeasible.
        var short_ = ReportFixture.Trial(1980, 256, 25, 0.07, 650).AsInvalid("the window holds 424 samples") with
        {
            ShortOfSamples = true,
        };
        var original = ReportFixture.Replacing(short_);

        var read = ResultJsonReader.Read(ResultJsonWriter.Write(original));

        original.Frontier.Select(o => o.Configuration.Key).Should().Contain(short_.Configuration.Key);
        read.Frontier.Select(o => o.Configuration.Key)
            .Should()
            .Equal(original.Frontier.Select(o => o.Configuration.Key));
        read.Run.Observations.Single(o => o.Invalid).ShortOfSamples.Should().BeTrue();
        ResultJsonWriter.Write(read).Should().Be(ResultJsonWriter.Write(original));
    }

    [Fact]
    public void TheThroughputFloorARunKeptIsReadBackSoItsReportsSayTheSame()
    {
        var original = ReportFixture.Result();
        var rateDriven = original with
        {
            Selection = original.Selection with
            {
                Capacity = original.Selection.Capacity! with
                {
                    Floor = ThroughputFloor.Parse("90%") with { RateDriven = true },
                },
            },
        };

        var read = ResultJsonReader.Read(ResultJsonWriter.Write(original));
        var readRateDriven = ResultJsonReader.Read(ResultJsonWriter.Write(rateDriven));

        read.Selection.Capacity!.Floor.Should().Be(ThroughputFloor.Baseline);
        read.Selection.Capacity.Sentence().Should().Be(original.Selection.Capacity!.Sentence());
        readRateDriven.Selection.Capacity!.Floor.PercentOfBaseline.Should().Be(90);
        readRateDriven.Selection.Capacity.Floor.RateDriven.Should().BeTrue();
    }

    [Fact]
    public void TheSloConfidenceIsReadBackAndAResultWrittenBeforeItWasRecordedReadsAs95Percent()
    {
        var original = ReportFixture.Result();
        var at80 = original with { Slo = original.Slo with { Confidence = new SloConfidence(0.8) } };
        var old = JsonNode.Parse(ResultJsonWriter.Write(original))!.AsObject();
        old.Remove("sloConfidence").Should().BeTrue();

        var read = ResultJsonReader.Read(ResultJsonWriter.Write(at80));

        read.Slo.Confidence.Level.Should().Be(0.8);
        JsonNode.Parse(ResultJsonWriter.Write(at80))!["sloConfidence"]!.GetValue<double>().Should().Be(0.8);
        ResultJsonReader.Read(old.ToJsonString()).Slo.Confidence.Should().Be(SloConfidence.Default);
    }

    [Fact]
    public void AStoredLevelOutsideTheRangeIsAResultFormatErrorThatNamesIt()
    {
        var written = JsonNode.Parse(ResultJsonWriter.Write(ReportFixture.Result()))!.AsObject();
        written["sloConfidence"] = 1.5;

        FluentActions
            .Invoking(() => ResultJsonReader.Read(written.ToJsonString()))
            .Should()
            .Throw<ResultFormatException>()
            .WithMessage(
                "result.json has a value this version cannot read: sloConfidence is 1.5, expected 0.5 to 0.99"
            );
    }

    [Fact]
    public void ResultJsonDefinesEveryMetricItsTrialsCarryFromTheCatalogue()
    {
        using var document = System.Text.Json.JsonDocument.Parse(ResultJsonWriter.Write(ReportFixture.Result()));
        var definitions = document.RootElement.GetProperty("metricDefinitions");

        definitions.GetProperty("avg_power_w").GetProperty("scope").GetString().Should().Be("serving GPUs");
        definitions.GetProperty("avg_power_w").GetProperty("unit").GetString().Should().Be("W");
        definitions
            .GetProperty("throughput_tokens_per_s")
            .GetProperty("direction")
            .GetString()
            .Should()
            .Be("higher is better");
        definitions.GetProperty("itl_p50_ms").GetProperty("scope").GetString().Should().Be("per token");
        definitions
            .GetProperty("itl_p50_ms")
            .GetProperty("description")
            .GetString()
            .Should()
            .Be(MetricCatalogue.Get("itl_p50_ms").Description)
            .And.Contain("the tokens that came in one chunk are gaps of zero");
    }

    [Fact]
    public void ANewerSchemaVersionIsRefusedWithItsNumber()
    {
        var act = () => ResultJsonReader.Read("{\"schemaVersion\": 7}");

        act.Should().Throw<ResultFormatException>().WithMessage("*schema version 7*");
    }

    [Fact]
    public void TextThatIsNotJsonIsAResultFormatError()
    {
        var act = () => ResultJsonReader.Read("{\n  \"schemaVersion\": x\n}");

        act.Should()
            .Throw<ResultFormatException>()
            .WithMessage(
                "result.json is not JSON at line 2, column 20; expected the JSON a run writes (a tuning result)"
            );
    }

    [Theory]
    [InlineData("[1, 2]", "*holds array, not a tuning result*")]
    [InlineData("null", "*holds null*")]
    [InlineData("{\"schemaVersion\": 1}", "*the field 'slo' is missing*")]
    [InlineData("{\"schemaVersion\": 1, \"slo\": 5}", "*cannot read*")]
    public void ACorruptResultIsAResultFormatErrorThatSaysWhatIsWrong(string json, string message)
    {
        var act = () => ResultJsonReader.Read(json);

        act.Should().Throw<ResultFormatException>().WithMessage(message);
    }

    [Theory]
    [InlineData("minimumSavingPercent", "\"50\"", "'minimumSavingPercent' is text, expected a number or null")]
    [InlineData("capacity", "\"none\"", "'capacity' is text, expected an object")]
    [InlineData("model", "5", "'model' is a number, expected text")]
    public void AnOptionalFieldOfTheWrongKindIsNamedNotReadAsAbsent(string field, string value, string message)
    {
        // Before: each was read as left out, so the run was reported with a 2 % minimum saving, no throughput floor
        // or no model, silently.
        var written = JsonNode.Parse(ResultJsonWriter.Write(ReportFixture.Result()))!.AsObject();
        written[field] = JsonNode.Parse(value);

        FluentActions
            .Invoking(() => ResultJsonReader.Read(written.ToJsonString()))
            .Should()
            .Throw<ResultFormatException>()
            .WithMessage("result.json has a value this version cannot read: " + message);
    }

    [Fact]
    public void EveryFieldOfAWrittenResultIsNeededOrOptionalButNeverACrash()
    {
        var written = System.Text.Json.Nodes.JsonNode.Parse(ResultJsonWriter.Write(ReportFixture.Result()))!.AsObject();
        foreach (var name in written.Select(p => p.Key).ToList())
        {
            var copy = System.Text.Json.Nodes.JsonNode.Parse(written.ToJsonString())!.AsObject();
            copy.Remove(name);
            var act = () => ResultJsonReader.Read(copy.ToJsonString());
            try
            {
                act();
            }
            catch (ResultFormatException e)
            {
                e.Message.Should().Contain(name == "schemaVersion" ? "schema version" : $"'{name}'");
            }
        }
    }

    [Fact]
    public void EveryFieldOfAWrittenResultOfTheWrongKindIsNamedNeverInTheParsersWords()
    {
        // Before, "trialsMeasured": "x" read "result.json has a value this version cannot read: The requested
        // operation requires an element of type 'Number', but the target element has type 'String'."
        var written = JsonNode.Parse(ResultJsonWriter.Write(ReportFixture.Result()))!.AsObject();
        var trial = written["trials"]![0]!.AsObject();
        var fields = written
            .Select(p => (Path: new[] { p.Key }, p.Value))
            .Concat(trial.Select(p => (Path: new[] { "trials", "0", p.Key }, p.Value)));
        foreach (var (path, value) in fields.ToList())
        {
            var copy = JsonNode.Parse(written.ToJsonString())!.AsObject();
            var parent = path.Length == 1 ? copy : copy["trials"]![0]!.AsObject();
            parent[path[^1]] = WrongKind(value);
            var act = () => ResultJsonReader.Read(copy.ToJsonString());
            try
            {
                act();
            }
            catch (ResultFormatException e)
            {
                e.Message.Should()
                    .StartWith("result.json ", path[^1])
                    .And.NotContain("element of type", path[^1])
                    .And.NotContain("Requested value", path[^1]);
            }
        }

        var wrong = JsonNode.Parse(written.ToJsonString())!.AsObject();
        wrong["trialsMeasured"] = "x";
        FluentActions
            .Invoking(() => ResultJsonReader.Read(wrong.ToJsonString()))
            .Should()
            .Throw<ResultFormatException>()
            .WithMessage(
                "result.json has a value this version cannot read: 'trialsMeasured' is text, expected a whole number"
            );
    }

    /// <summary>A value of another JSON kind than <paramref name="value"/>'s.</summary>
    private static JsonNode? WrongKind(JsonNode? value) =>
        value?.GetValueKind() switch
        {
            JsonValueKind.String => JsonValue.Create(5),
            JsonValueKind.Object => new JsonArray(1),
            JsonValueKind.Array => new JsonObject { ["a"] = 1 },
            _ => JsonValue.Create("x"),
        };
}
