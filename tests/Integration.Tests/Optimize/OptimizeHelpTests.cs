using MLEnergy.Integration.Tests.Support;

namespace MLEnergy.Integration.Tests.Optimize;

public class OptimizeHelpTests
{
    [Fact]
    public async Task HelpDocumentsTheSloLanguageAndExitCodes()
    {
        var run = await CliRun.RunAsync("optimize", "--help");

        run.ExitCode.Should().Be(0);
        run.Out.Should()
            .Contain("p99 tpot<=200ms")
            .And.Contain("p99.9")
            .And.Contain("ttft, tpot, itl, e2e, latency")
            .And.Contain("3 no configuration meets the SLO");
    }

    [Fact]
    public async Task NoArgumentsPrintsTheHelpAndExitsWith2()
    {
        var run = await CliRun.RunAsync();

        run.ExitCode.Should().Be(2);
        run.Error.Should().Contain("optimize");
    }
}
