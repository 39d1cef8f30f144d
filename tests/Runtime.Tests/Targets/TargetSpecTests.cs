using MLEnergy.Runtime.Requests;

namespace MLEnergy.Runtime.Tests.Targets;

public sealed class TargetSpecTests
{
    [Fact]
    public void EachKindOfTargetIsReadFromItsText()
    {
        TargetSpec.Parse("sim").Should().Be(new TargetSpec.Simulated());
        TargetSpec.Parse("SIM").Should().BeOfType<TargetSpec.Simulated>();
        TargetSpec.Parse("replay:lm-arena-chat").Should().Be(new TargetSpec.Replay("lm-arena-chat"));
        TargetSpec
            .Parse("http://127.0.0.1:8000/v1/")
            .Should()
            .Be(new TargetSpec.ExternalServer(new Uri("http://127.0.0.1:8000/v1/")));
        TargetSpec.Parse("https://gpu-host:443").Should().BeOfType<TargetSpec.ExternalServer>();
        TargetSpec.Parse("server:/srv/space.yaml").Should().Be(new TargetSpec.LaunchedServer("/srv/space.yaml"));
    }

    [Theory]
    [InlineData("sim")]
    [InlineData("replay:lm-arena-chat")]
    [InlineData("http://127.0.0.1:8000")]
    [InlineData("server:/srv/space.yaml")]
    public void TheStoredTextReadsBackAsTheSameTarget(string text)
    {
        var target = TargetSpec.Parse(text);

        target.Text.Should().Be(text);
        TargetSpec.Parse(target.Text).Should().Be(target);
    }

    [Theory]
    [InlineData("replay:lm-arena-chat,noise=0.1", "replay:NAME|PATH")]
    [InlineData("server:/srv/space.yaml,port=9000", "server:PATH")]
    public void AnOptionAfterATargetIsRefusedByName(string text, string form)
    {
        var parse = () => TargetSpec.Parse(text);

        parse
            .Should()
            .Throw<TargetException>()
            .WithMessage($"cannot read target '{text}': unknown option '*': {form} takes no options");
    }

    [Fact]
    public void OnlyServersHaveAHost()
    {
        TargetSpec.Parse("sim").HasHost.Should().BeFalse();
        TargetSpec.Parse("replay:lm-arena-chat").HasHost.Should().BeFalse();
        TargetSpec.Parse("http://127.0.0.1:8000").HasHost.Should().BeTrue();
        TargetSpec.Parse("server:/srv/space.yaml").HasHost.Should().BeTrue();
    }

    [Theory]
    [InlineData("sim:h100", "unknown target 'sim:h100': use sim*")]
    [InlineData("simulated", "unknown target 'simulated'*")]
    [InlineData("replay:", "cannot read target 'replay:': nothing after 'replay:'")]
    [InlineData("http://", "cannot read target 'http://': nothing after 'http://'")]
    [InlineData("http://:80", "cannot read target 'http://:80': expected http://HOST:PORT")]
    [InlineData("", "unknown target ''*")]
    public void TextThatIsNoTargetIsOneClearError(string text, string message)
    {
        var parse = () => TargetSpec.Parse(text);

        parse.Should().Throw<TargetException>().WithMessage(message);
    }
}
