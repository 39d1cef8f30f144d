using MLEnergy.Runtime.Load;
using MLEnergy.Runtime.Tests.Support;

namespace MLEnergy.Runtime.Tests.Load;

public sealed class LoadLevelsParserTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void PoissonLevelsGivenInAnyOrderAreSorted() =>
        LoadLevelsParser.Parse("poisson:8, 1,4,2").Should().Equal(1, 2, 4, 8);

    [Theory]
    [InlineData("poisson:1,1", "1")]
    [InlineData("poisson:2,4,1,4.0", "4.0")]
    public void ALevelGivenTwiceIsRefusedByName(string text, string level) =>
        FluentActions
            .Invoking(() => LoadLevelsParser.Parse(text))
            .Should()
            .Throw<LoadSpecException>()
            .WithMessage($"cannot read --load-levels '{text}': the level {level} requests/s is given twice*");

    [Theory]
    [InlineData("poisson:0")]
    [InlineData("poisson:1,x")]
    [InlineData("concurrency:4")]
    [InlineData("")]
    public void MalformedLevelsAreTheUsersInput(string text) =>
        FluentActions.Invoking(() => LoadLevelsParser.Parse(text)).Should().Throw<LoadSpecException>();

    [Theory]
    [InlineData("poisson:1,2,bogus=1", "poisson:RATE,RATE,...")]
    [InlineData("trace:levels.jsonl,scale=2", "trace:FILE")]
    public void AnOptionAfterTheLevelsIsRefusedByName(string text, string form) =>
        FluentActions
            .Invoking(() => LoadLevelsParser.Parse(text))
            .Should()
            .Throw<LoadSpecException>()
            .WithMessage($"cannot read --load-levels '{text}': unknown option '*': {form} takes no options");

    [Fact]
    public void ATracesLevelsAreTheQuartilesOfItsPerMinuteRatesUpToTheBusiestMinute()
    {
        // Minute 0: 60 requests (1/s); minute 1: 120 (2/s); minute 2: 30 (0.5/s); minute 3: 240 (4/s).
        var arrivals = new List<double>();
        var perMinute = new[] { 60, 120, 30, 240 };
        for (var minute = 0; minute < perMinute.Length; minute++)
        {
            for (var i = 0; i < perMinute[minute]; i++)
            {
                arrivals.Add((minute * 60) + (i * 60.0 / perMinute[minute]));
            }
        }

        var path = _folder.File("trace.jsonl");
        File.WriteAllLines(
            path,
            arrivals.Select(a =>
                FormattableString.Invariant($"{{\"arrival_s\": {a}, \"prompt_tokens\": 100, \"max_tokens\": 50}}")
            )
        );

        LoadLevelsParser.Parse("trace:" + path).Should().Equal(0.5, 1, 2, 4);
    }
}
