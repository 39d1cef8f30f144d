namespace MLEnergy.Units.Tests;

public sealed class SpecOptionsTests
{
    [Fact]
    public void TrailingNameValuePartsAreOptionsAndTheRestIsTheValue()
    {
        var (value, options) = SpecOptions.Split(
            "a,b.jsonl,scale=2, slice=1m..2m",
            "trace:FILE",
            "slice=A..B",
            "scale=X"
        );

        value.Should().Be("a,b.jsonl");
        options.Should().Equal("scale=2", "slice=1m..2m");
    }

    [Theory]
    [InlineData("x.jsonl,bogus=1", "unknown option 'bogus': trace:FILE takes slice=A..B and scale=X")]
    [InlineData("x.jsonl,bogus=1,scale=2", "unknown option 'bogus': trace:FILE takes slice=A..B and scale=X")]
    public void AnOptionTheSpecDoesNotTakeIsRefusedNamingWhatItTakes(string argument, string message)
    {
        var split = () => SpecOptions.Split(argument, "trace:FILE", "slice=A..B", "scale=X");

        split.Should().Throw<FormatException>().WithMessage(message);
    }

    [Fact]
    public void ASpecWithoutOptionsSaysSo()
    {
        var split = () => SpecOptions.Split("/srv/h.db,mode=ro", "sqlite:PATH");

        split.Should().Throw<FormatException>().WithMessage("unknown option 'mode': sqlite:PATH takes no options");
        SpecOptions.Split("/srv/a,b.db", "sqlite:PATH").Value.Should().Be("/srv/a,b.db");
    }
}
