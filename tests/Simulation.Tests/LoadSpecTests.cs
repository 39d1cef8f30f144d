using MLEnergy.Runtime.Load;
using MLEnergy.Simulation.Load;

namespace MLEnergy.Simulation.Tests;

public sealed class LoadSpecTests
{
    [Theory]
    [InlineData("saturate", LoadKind.Saturate)]
    [InlineData("poisson:12.5", LoadKind.Poisson)]
    [InlineData("concurrency:64", LoadKind.Concurrency)]
    [InlineData("trace:requests.jsonl", LoadKind.Trace)]
    public void EachCommandLineFormParses(string text, LoadKind kind)
    {
        var spec = LoadSpec.Parse(text);

        spec.Kind.Should().Be(kind);
        spec.ToString().Should().Be(text);
    }

    [Theory]
    [InlineData("poisson:-3", "RATE must be a positive number")]
    [InlineData("poisson:fast", "RATE must be a positive number")]
    [InlineData("concurrency:2.5", "N must be a positive whole number")]
    [InlineData("trace:", "give the trace file")]
    [InlineData("burst:10", "expected saturate, poisson:RATE, concurrency:N or trace:FILE[,slice=FROM..TO][,scale=X]")]
    public void BadLoadsSayWhatIsExpected(string text, string message)
    {
        var act = () => LoadSpec.Parse(text);

        act.Should().Throw<FormatException>().WithMessage($"*{message}*");
    }

    [Theory]
    [InlineData("trace:requests.jsonl,bogus=1", "trace:FILE takes slice=FROM..TO and scale=X")]
    [InlineData("trace:requests.jsonl,scale=2,bogus=1", "trace:FILE takes slice=FROM..TO and scale=X")]
    [InlineData("poisson:3,bogus=1", "poisson:RATE takes no options")]
    [InlineData("concurrency:8,bogus=1@gpqa", "concurrency:N takes no options")]
    public void AnUnknownLoadOptionIsRefusedByName(string text, string takes)
    {
        // trace:FILE,bogus=1 read ",bogus=1" as part of the file's name.
        var act = () => LoadSpec.Parse(text);

        act.Should().Throw<FormatException>().WithMessage($"load '*': unknown option 'bogus': {takes}");
    }

    [Fact]
    public void ATracePathMayHoldACommaBeforeItsOptions()
    {
        var spec = LoadSpec.Parse("trace:a,b.jsonl,scale=2");

        spec.TracePath.Should().Be("a,b.jsonl");
        spec.Selection.Scale.Should().Be(2);
    }

    [Fact]
    public void ATraceParsesOneRequestPerLineInTimeOrder()
    {
        var text =
            "{\"arrival_s\": 0.5, \"prompt_tokens\": 30, \"max_tokens\": 40}\n\n{\"arrival_s\": 1.5, \"prompt\": "
            + "\"three word prompt\", \"max_tokens\": 20}\n";

        var lines = TraceFileReader.Parse(new StringReader(text), "t.jsonl");

        lines
            .Should()
            .Equal(
                new TraceLine(TimeSpan.FromSeconds(0.5), null, 30, 40),
                new TraceLine(TimeSpan.FromSeconds(1.5), "three word prompt", 3, 20)
            );
    }

    [Fact]
    public void ABrokenTraceLineIsNamed()
    {
        var text =
            "{\"arrival_s\": 0, \"prompt_tokens\": 10, \"max_tokens\": 20}\n{\"arrival_s\": 1, \"prompt_tokens\": "
            + "0, \"max_tokens\": 5}\n";

        var act = () => TraceFileReader.Parse(new StringReader(text), "t.jsonl");

        act.Should().Throw<LoadSpecException>().WithMessage("t.jsonl line 2:*");
    }
}
