using MLEnergy.Recommender.Knobs;
using MLEnergy.Recommender.Spaces;

namespace MLEnergy.Recommender.Tests.Spaces;

public class SearchSpaceYamlReaderTests
{
    private const string Valid = """
        name: test-host
        target: sim
        gpus: 4
        model: Qwen/Qwen3-8B
        objective: energy_per_request
        knobs:
          - name: sm_clock_cap_mhz
            kind: gpu_sm_clock_cap
            range: { min: 1000, max: 1980, step: 490 }
          - name: tensor_parallel
            kind: tensor_parallel
            values: [1, 2, 4, 8]
          - name: replicas
            kind: replicas
            values: [1, 2, 4]
        constraints:
          - tensor_parallel * replicas <= gpus
        baseline: { sm_clock_cap_mhz: 1980, tensor_parallel: 1, replicas: 1 }
        """;

    [Fact]
    public void ReadsKnobsRangesConstraintsAndBaseline()
    {
        var space = SearchSpaceYamlReader.Read(Valid, "test.yaml");

        space.Name.Should().Be("test-host");
        space.Objective.Should().Be(ObjectiveKind.EnergyPerRequest);
        space.Knobs[0].Values.Select(v => v.Number).Should().Equal(1000, 1490, 1980);
        space.Knobs[0].RestartsServer.Should().BeFalse();
        space.Knobs[1].RestartsServer.Should().BeTrue();
        space.Baseline!["sm_clock_cap_mhz"].Number.Should().Be(1980);
        space.ProductSize.Should().Be(36);

        // tp*replicas <= 4: (1,1) (1,2) (1,4) (2,1) (2,2) (4,1) = 6 pairs, times 3 clocks.
        space.Enumerate().Should().HaveCount(18);
    }

    [Theory]
    [InlineData("kind: gpu_sm_clock_cap", "kind: turbo", 8, "unknown kind 'turbo'")]
    [InlineData("tensor_parallel * replicas <= gpus", "tensor_parallel * replicaz <= gpus", 17, "names 'replicaz'")]
    [InlineData("tensor_parallel * replicas <= gpus", "tensor_parallel * <= gpus", 17, "cannot read constraint")]
    [InlineData("values: [1, 2, 4, 8]", "values: []", 12, "non-empty list")]
    [InlineData("step: 490", "step: 0", 9, "step must be positive")]
    [InlineData("objective: energy_per_request", "objective: speed", 5, "objective must be")]
    [InlineData("model: Qwen/Qwen3-8B", "modle: Qwen/Qwen3-8B", 4, "unknown section 'modle'")]
    public void ErrorsNameTheFileTheLineAndTheProblem(string original, string broken, int line, string problem)
    {
        var read = () =>
            SearchSpaceYamlReader.Read(Valid.Replace(original, broken, StringComparison.Ordinal), "spaces/test.yaml");

        read.Should()
            .Throw<SearchSpaceException>()
            .Where(e => e.Line == line && e.Message.StartsWith($"spaces/test.yaml:{line}:", StringComparison.Ordinal))
            .WithMessage($"*{problem}*");
    }

    [Fact]
    public void BrokenYamlIsReportedWithItsLine()
    {
        var read = () => SearchSpaceYamlReader.Read("knobs:\n  - name: [unclosed\n", "bad.yaml");

        read.Should()
            .Throw<SearchSpaceException>()
            .Where(e => e.Path == "bad.yaml" && e.Line != null)
            .WithMessage("*not valid YAML*");
    }

    [Theory]
    [InlineData("knobs:\n  - name: a\n    kind: gpu_power_limit\n   values: [1]\n", 4, 4, "expected a '- ' list item")]
    [InlineData("knobs:\n  - name: a\n    kind: gpu_power_limit\n      values: [1]\n", 4, 13, "a 'key: value' line")]
    [InlineData("name: 'open\nknobs: []\n", 1, 7, "the file ends inside quotes")]
    [InlineData("name: a\n\tknobs: []\n", 1, 7, "a tab character: indent with spaces")]
    [InlineData("name: a\nname: b\nknobs: []\n", 2, 1, "a key given twice in one mapping")]
    [InlineData("knobs: [{name: a, values: [1, 2}]\n", 1, 32, "expected ',' or ']' in a [list]")]
    [InlineData("name: @a\nknobs: []\n", 1, 7, "a character that cannot start a value")]
    public void TextThatIsNotYamlIsOneLineWithLineColumnAndWhatWasExpected(
        string yaml,
        int line,
        int column,
        string expected
    )
    {
        // Before, the parser's own sentence came through: "not valid YAML: While parsing a block collection, did not
        // find expected '-' indicator."
        var read = () => SearchSpaceYamlReader.Read(yaml, "bad.yaml");

        read.Should()
            .Throw<SearchSpaceException>()
            .WithMessage($"bad.yaml:{line}:{column}: not valid YAML: {expected}*")
            .Which.Message.Should()
            .NotContain("While")
            .And.NotContain("\n");
    }

    [Fact]
    public void AValueOfTheWrongKindInAOneLineJsonSpaceIsPlacedByItsColumn()
    {
        const string json =
            """{"knobs": [{"name": "p", "kind": "gpu_power_limit", "values": [300, 400]}], "name": [1]}""";

        var read = () => SearchSpaceYamlReader.Read(json, "space.json");

        read.Should().Throw<SearchSpaceException>().WithMessage("space.json:1:85: expected a single value");
    }

    [Fact]
    public void AKnobDefinedTwiceIsPlacedAtItsSecondDefinition()
    {
        var yaml = Valid.Replace("  - name: replicas", "  - name: tensor_parallel", StringComparison.Ordinal);

        var read = () => SearchSpaceYamlReader.Read(yaml, "test.yaml");

        read.Should()
            .Throw<SearchSpaceException>()
            .WithMessage("test.yaml:13:5: knob 'tensor_parallel' is defined twice");
    }

    [Fact]
    public void AMissingFileIsNamed()
    {
        var read = () => SearchSpaceYamlReader.ReadFile("/nonexistent/space.yaml");

        read.Should().Throw<SearchSpaceException>().WithMessage("/nonexistent/space.yaml: file not found");
    }

    [Fact]
    public void RestrictingAKnobToValuesItDoesNotHaveListsTheAllowedOnes()
    {
        var space = SearchSpaceYamlReader.Read(Valid, "test.yaml");

        var restrict = () => space.Restrict("tensor_parallel", [KnobValue.Parse("3")]);

        restrict.Should().Throw<SearchSpaceException>().WithMessage("*has no value 3; allowed: 1, 2, 4, 8*");
        space.Restrict("tensor_parallel", [KnobValue.Parse("2")]).Enumerate().Should().HaveCount(6);
    }

    [Fact]
    public void SectionsTheSpaceDoesNotOwnAreHandedToTheCallerWithTheirLines()
    {
        var yaml = Valid + "\nserver:\n  command: [\"serve\"]\n";

        var document = SearchSpaceYamlReader.Parse(yaml, "test.yaml");

        document.Space.Knobs.Should().NotBeEmpty();
        var section = document.OtherSections.Should().ContainSingle().Subject;
        section.Name.Should().Be("server");
        section.Line.Should().Be(yaml.Split('\n').ToList().IndexOf("server:") + 1);
    }

    [Fact]
    public void ASectionNobodyClaimsIsUnknownAndTheSpaceNamesOnlyItsOwnSections()
    {
        var read = () => SearchSpaceYamlReader.Read(Valid + "\nserver:\n  command: [\"serve\"]\n", "test.yaml");

        read.Should()
            .Throw<SearchSpaceException>()
            .WithMessage("test.yaml:*: unknown section 'server'; known sections: *")
            .Which.Message.Should()
            .NotContain("trial");
        SearchSpaceYamlReader.Sections.Should().NotContain(["server", "trial"]);
    }
}
