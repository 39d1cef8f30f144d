using MLEnergy.Runtime.Load;

namespace MLEnergy.Runtime.Tests.Load;

public sealed class TraceFileReaderTests : IDisposable
{
    private readonly string _path = Path.GetTempFileName();

    [Fact]
    public void ATraceGivesArrivalsPromptsAndLengths()
    {
        File.WriteAllLines(
            _path,
            [
                "{\"arrival_s\": 0, \"prompt\": \"hi\", \"max_tokens\": 8}",
                "",
                "{\"arrival_s\": 1.5, \"prompt_tokens\": 20, \"max_tokens\": 4}",
            ]
        );

        var trace = TraceFileReader.Read(_path);

        trace.Entries.Should().HaveCount(2);
        trace.Entries[1].Arrival.Should().Be(TimeSpan.FromSeconds(1.5));
        trace.Entries[1].Prompt.Text.Split(' ').Should().HaveCount(20);
        trace.Entries[0].Prompt.MaxTokens.Should().Be(8);
    }

    [Fact]
    public void ALineThatDoesNotParseIsNamedByNumber()
    {
        File.WriteAllLines(
            _path,
            ["{\"arrival_s\": 0, \"prompt\": \"hi\", \"max_tokens\": 8}", "{\"arrival_s\": oops}"]
        );

        var read = () => TraceFileReader.Read(_path);

        read.Should().Throw<LoadSpecException>().WithMessage($"{_path} line 2: *");
    }

    [Theory]
    [InlineData("{\"arrival_s\": x}", "not JSON at column 15; expected {\"arrival_s\": S, *\"max_tokens\": N}")]
    [InlineData("[1, 2]", "a list, not an object; expected {\"arrival_s\": S, *}")]
    [InlineData(
        "{\"arrival_s\": \"0\", \"prompt_tokens\": 8, \"max_tokens\": 8}",
        "arrival_s must be a number of *, not \"0\""
    )]
    [InlineData("{\"arrival_s\": 0, \"prompt_tokens\": 8}", "the field 'max_tokens' is missing; expected *")]
    [InlineData("{\"arrival_s\": 0, \"prompt\": 7, \"max_tokens\": 8}", "prompt must be text, not a number")]
    [InlineData(
        "{\"arrival_s\": 0, \"prompt_tokens\": 2.5, \"max_tokens\": 8}",
        "prompt_tokens must be a whole number *, not 2.5"
    )]
    public void ALineThatIsNotATraceRequestSaysWhereAndWhatWasExpectedInItsOwnWords(string line, string expected)
    {
        // It quoted .NET's reader: "'x' is an invalid start of a value. LineNumber: 0 | BytePositionInLine: 14."
        File.WriteAllLines(_path, ["{\"arrival_s\": 0, \"prompt\": \"hi\", \"max_tokens\": 8}", line]);

        var read = () => TraceFileReader.Read(_path);

        var message = read.Should().Throw<LoadSpecException>().Which.Message;
        message.Should().Match($"{_path} line 2: {expected}");
        message.Should().NotContain("LineNumber").And.NotContain("BytePositionInLine").And.NotContain("'Number'");
    }

    [Fact]
    public void ALineWithBothAPromptAndAPromptLengthIsRefusedNamingBothAndTheLine()
    {
        // Before: the prompt's words gave the length and prompt_tokens (here 5000, not 1) was dropped silently.
        File.WriteAllLines(
            _path,
            [
                "{\"arrival_s\": 0, \"prompt_tokens\": 8, \"max_tokens\": 8}",
                "{\"arrival_s\": 1, \"prompt\": \"hi\", \"prompt_tokens\": 5000, \"max_tokens\": 8}",
            ]
        );

        var read = () => TraceFileReader.Read(_path);

        read.Should()
            .Throw<LoadSpecException>()
            .WithMessage($"{_path} line 2: both prompt and prompt_tokens give the prompt's length; give one of them");
    }

    [Fact]
    public void APromptFileLineThatIsNotJsonSaysWhereAndWhatWasExpected()
    {
        File.WriteAllLines(_path, ["{\"prompt\": \"hi\"}", "{\"prompt\": hi}"]);

        var read = () => PromptSet.ReadFile(_path, 16);

        read.Should()
            .Throw<LoadSpecException>()
            .WithMessage($"{_path} line 2: not JSON at column 12; expected {{\"prompt\": \"...\", \"max_tokens\": N}}");
    }

    [Theory]
    [InlineData(
        "{\"arrival_s\": 1e308, \"prompt_tokens\": 8, \"max_tokens\": 8}",
        "arrival_s must be a number of seconds from 0*"
    )]
    [InlineData(
        "{\"arrival_s\": 0, \"prompt_tokens\": 8, \"max_tokens\": 2147483647}",
        "max_tokens must be a whole number from 1 to 10000000, not 2147483647"
    )]
    public void AnExtremeNumberInATraceIsNamedByLine(string line, string expected)
    {
        File.WriteAllLines(_path, [line]);

        var read = () => TraceFileReader.Read(_path);

        read.Should().Throw<LoadSpecException>().WithMessage($"{_path} line 1: {expected}");
    }

    [Fact]
    public void LoadTextNamesEveryKindOfArrival()
    {
        LoadPlanParser.Parse("poisson:2.5").Should().Be(new PoissonArrivals(2.5));
        LoadPlanParser.Parse("concurrency:16").Should().Be(new ClosedLoopArrivals(16));
        var bad = () => LoadPlanParser.Parse("poisson:fast");
        bad.Should().Throw<LoadSpecException>().WithMessage("load 'poisson:fast': RATE must be a positive number*");
    }

    public void Dispose() => File.Delete(_path);
}
