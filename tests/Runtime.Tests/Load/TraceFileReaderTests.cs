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
    [InlineData("{\"arrival_s\": 1e308, \"prompt_tokens\": 8, \"max_tokens\": 8}", "arrival_s must be from 0*")]
    [InlineData("{\"arrival_s\": 0, \"prompt_tokens\": 8, \"max_tokens\": 2147483647}", "*from 1 to 10000000")]
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
