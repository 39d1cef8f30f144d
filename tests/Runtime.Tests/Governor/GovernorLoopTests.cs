using System.Globalization;
using MLEnergy.Recommender.Plans;
using MLEnergy.Runtime.Actuators;
using MLEnergy.Runtime.Governor;
using MLEnergy.Runtime.Requests;
using MLEnergy.Runtime.Tests.Support;

namespace MLEnergy.Runtime.Tests.Governor;

public sealed class GovernorLoopTests
{
    private static readonly LoadPlan Plan = LoadPlans.ThreeBands();

    [Fact]
    public async Task AServerThatGoesAwayIsLoggedOnceAndItsBandIsSetAgainWhenItIsBack()
    {
        // Readings 5 s apart, none then 1 req/s; the server is away for two readings, then restarted (counters from 0).
        string?[] pages = [Page(0, 0), Page(5, 0), null, null, Page(1, 0), Page(6, 5)];
        var actuator = new RecordingActuator();
        using var log = new StringWriter(CultureInfo.InvariantCulture);
        var loop = Loop(pages, actuator, log, failing: 2);

        await loop.Invoking(l => l.RunAsync(CancellationToken.None)).Should().ThrowAsync<OperationCanceledException>();

        log.ToString()
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l[21..])
            .Should()
            .Equal(
                "set band 2 (6-8 requests/s: no clock cap, default power limit) to start (the top band until the "
                    + "rate is measured)",
                "set band 0 (0-2 requests/s: SM clock cap 900 MHz, power limit 300 W) (was band 2): rate 0 requests/s, "
                    + "0 waiting; rate surely below band 2 (5 s in it)",
                "the server's metrics do not answer (connection refused); keeping band 0 (0-2 requests/s: SM clock cap "
                    + "900 MHz, power limit 300 W) and waiting for it",
                "the server answers again; setting band 0 (0-2 requests/s: SM clock cap 900 MHz, power limit 300 W) "
                    + "again"
            );
        actuator.Applied.Should().Equal(2, 0, 0);
        loop.Switches.Should().Be(1);
        loop.Summary.Should().Be("1 switch in 10 s of the server's clock (360/h)");
    }

    [Fact]
    public async Task AServerWithoutVllmsMetricsIsRefusedWithOneLine()
    {
        using var log = new StringWriter(CultureInfo.InvariantCulture);
        var loop = Loop(["up 1"], null, log);

        var refused = await loop.Invoking(l => l.RunAsync(CancellationToken.None))
            .Should()
            .ThrowAsync<TargetException>();

        refused
            .Which.Message.Should()
            .Be("cannot follow this server: the metrics have no 'vllm:request_success_total': is this a vLLM server?");
    }

    [Fact]
    public async Task ASimServerThatRefusesABandIsAskedAgainOnTheNextReading()
    {
        var actuator = new RecordingActuator { FailuresLeft = 1 };
        using var log = new StringWriter(CultureInfo.InvariantCulture);

        await Loop([Page(0, 0), Page(5, 50)], actuator, log)
            .Invoking(l => l.RunAsync(CancellationToken.None))
            .Should()
            .ThrowAsync<OperationCanceledException>();

        actuator.Applied.Should().Equal(2);
        log.ToString().Should().Contain("could not set band 2: the sim-server is gone; trying again when the server");
    }

    [Fact]
    public async Task ASettingABandLeftAsSetByHandIsLoggedAfterTheSwitch()
    {
        var actuator = new RecordingActuator { Left = ["gpu0: power limit left at 450 W, set by hand since"] };
        using var log = new StringWriter(CultureInfo.InvariantCulture);

        await Loop([Page(0, 0), Page(5, 0)], actuator, log)
            .Invoking(l => l.RunAsync(CancellationToken.None))
            .Should()
            .ThrowAsync<OperationCanceledException>();

        var lines = log.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l[21..]).ToList();
        lines.Should().HaveCount(4);
        lines[0].Should().StartWith("set band 2 ").And.EndWith("to start (the top band until the rate is measured)");
        lines[2].Should().StartWith("set band 0 ").And.Contain("(was band 2)");
        new[] { lines[1], lines[3] }.Should().AllBe("gpu0: power limit left at 450 W, set by hand since");
    }

    private static GovernorLoop Loop(string?[] pages, IBandActuator? actuator, TextWriter log, int failing = 0)
    {
        // Steps on the evidence of one reading: 60 false steps an hour at most, a bound of 60 s.
        var settings = new GovernorSettings(TimeSpan.FromSeconds(10), TimeSpan.Zero, RateRisk: 60);
        var next = 0;
        return new GovernorLoop(Plan, new GovernorDecider(Plan, settings), Read, actuator, log, new Clock(), default);

        Task<string> Read(CancellationToken cancellationToken)
        {
            if (next == pages.Length)
            {
                throw new OperationCanceledException("the script is over");
            }

            return pages[next++] is { } page
                ? Task.FromResult(page)
                : Task.FromException<string>(new HttpRequestException("connection refused"));
        }
    }

    private static string Page(double seconds, double finished) =>
        string.Create(
            CultureInfo.InvariantCulture,
            $"mlenergy_sim_virtual_time_seconds {seconds}\nvllm:request_success_total{{finished_reason=\"stop\"}} "
                + $"{finished}\nvllm:num_requests_running 0\nvllm:num_requests_waiting 0\n"
        );

    private sealed class RecordingActuator : IBandActuator
    {
        public List<int> Applied { get; } = [];

        public int FailuresLeft { get; set; }

        /// <summary>What each band it sets leaves as set by hand.</summary>
        public IReadOnlyList<string> Left { get; init; } = [];

        public IReadOnlyList<string> Apply(LoadBand band)
        {
            if (FailuresLeft-- > 0)
            {
                throw new SimulatedGpuException("the sim-server is gone");
            }

            Applied.Add(Plan.Bands.ToList().IndexOf(band));
            return Left;
        }
    }

    private sealed class Clock : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);
    }
}
