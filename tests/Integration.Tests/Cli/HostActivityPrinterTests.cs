using MLEnergy.Cli.Output;
using MLEnergy.Runtime.Trials;

namespace MLEnergy.Integration.Tests.Cli;

public sealed class HostActivityPrinterTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void OffATerminalEachActivityIsOnePlainLine()
    {
        var output = new StringWriter();
        using var printer = new HostActivityPrinter(output, live: false, TimeProvider.System);

        printer.Report(new HostActivity("starting the server (launch 2)", Start));
        printer.Report(new HostActivity("warming up for 30 s", Start));
        printer.WriteLine("[trial 2 of 10] ...");

        output.ToString().Should().NotContain("\u001b").And.NotContain("\r");
        output
            .ToString()
            .Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries)
            .Should()
            .Equal("  ... starting the server (launch 2)", "  ... warming up for 30 s", "[trial 2 of 10] ...");
    }

    [Fact]
    public void OnATerminalTheStatusLineIsRedrawnInPlaceAndClearedBeforeATrialLine()
    {
        var output = new StringWriter();
        // The clock stands still, so the time shown does not depend on how fast this machine gets to drawing it.
        using var printer = new HostActivityPrinter(output, live: true, new StillClock());

        printer.Report(new HostActivity("measuring a 60 s window", Start));
        printer.Done();
        printer.WriteLine("[trial 3 of 10] done");

        var text = output.ToString();
        text.Should().StartWith("\r\u001b[2K  ... measuring a 60 s window (0 s)");
        text.Should().EndWith("\r\u001b[2K[trial 3 of 10] done" + Environment.NewLine);
        text.Split(Environment.NewLine).Should().HaveCount(2, "the status line is never left as a line of its own");
    }

    [Fact]
    public void OnATerminalTheStatusLineShowsTheTimeTheActivityHasTakenSoFar()
    {
        var output = new StringWriter();
        using (var printer = new HostActivityPrinter(output, live: true, new StillClock()))
        {
            printer.Report(new HostActivity("warming up for 30 s", Start - TimeSpan.FromSeconds(12.4)));
        }

        output.ToString().Should().StartWith("\r\u001b[2K  ... warming up for 30 s (12 s)");
    }

    /// <summary>A wall clock that always reads <see cref="Start"/>; its timers are the system's.</summary>
    private sealed class StillClock : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => Start;
    }
}
