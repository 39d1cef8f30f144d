using MLEnergy.Runtime.Load;
using MLEnergy.Runtime.Tests.Support;

namespace MLEnergy.Runtime.Tests.Load;

public sealed class LoadRunTests
{
    /// <summary>How long stopping may wait for requests in flight: only a hung request takes it all.</summary>
    private static readonly TimeSpan Drain = Eventually.Limit;

    [Fact]
    public async Task AClosedLoopNeverHasMoreRequestsInFlightThanItsConcurrency()
    {
        await using var server = await FakeOpenAiServer.StartAsync(TimeSpan.FromMilliseconds(10));
        using var http = OpenAiStreamingClient.CreateHttpClient();
        var client = new OpenAiStreamingClient(http, new OpenAiClientOptions(server.BaseUrl, "m"), TimeProvider.System);

        await using var run = LoadRun.Start(
            client,
            new ClosedLoopArrivals(3),
            PromptSet.Synthetic(10, (5, 10), (4, 4)),
            TimeProvider.System,
            CancellationToken.None
        );
        // A dozen requests rather than a fixed time: a loaded machine finishes fewer in a second.
        await Eventually.TrueAsync(() => run.Finished().Count >= 12, "12 requests to finish");
        var records = await run.StopAsync(Drain);

        records.Should().NotBeEmpty().And.OnlyContain(r => r.Succeeded && r.OutputTokens == 4);
        var events = records
            .SelectMany(r => new[] { (r.Start, 1), (r.End, -1) })
            .OrderBy(e => e.Item1)
            .ThenBy(e => e.Item2);
        var inFlight = 0;
        var most = 0;
        foreach (var (_, change) in events)
        {
            inFlight += change;
            most = Math.Max(most, inFlight);
        }

        most.Should().Be(3);
    }

    [Fact]
    public async Task ATraceSendsEachRequestAtItsArrivalTime()
    {
        await using var server = await FakeOpenAiServer.StartAsync(TimeSpan.FromMilliseconds(1));
        using var http = OpenAiStreamingClient.CreateHttpClient();
        var client = new OpenAiStreamingClient(http, new OpenAiClientOptions(server.BaseUrl, "m"), TimeProvider.System);
        var trace = new TraceArrivals(
            [new(TimeSpan.Zero, new Prompt("a", 2)), new(TimeSpan.FromMilliseconds(400), new Prompt("b", 3))],
            "test"
        );

        await using var run = LoadRun.Start(
            client,
            trace,
            PromptSet.Synthetic(1, (1, 1), (1, 1)),
            TimeProvider.System,
            CancellationToken.None
        );
        // The second arrival is due at 400 ms; a loaded machine may send it later, so wait until it went out.
        await Eventually.TrueAsync(() => run.Offered().Count >= 2, "the trace's second request to go out");
        var records = (await run.StopAsync(Drain)).OrderBy(r => r.Start).ToList();

        records.Select(r => r.OutputTokens).Should().StartWith([2, 3], "the trace repeats after its last arrival");
        records[1]
            .Start.Should()
            .BeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(395), "no request goes out before its arrival time");
    }

    [Fact]
    public async Task ASenderOnTimeSendsEachRequestOfThePlansScheduleAtItsDueTime()
    {
        await using var server = await FakeOpenAiServer.StartAsync(TimeSpan.FromMilliseconds(1));
        using var http = OpenAiStreamingClient.CreateHttpClient();
        var clock = new AutoAdvancingClock();
        var client = new OpenAiStreamingClient(http, new OpenAiClientOptions(server.BaseUrl, "m"), clock);
        var plan = new PoissonArrivals(20, 3);

        // Virtual time moves only when the sender waits for its next due time: it is never late.
        await using var run = LoadRun.Start(client, plan, PromptSet.Synthetic(10, (1, 2), (1, 1)), clock, default);
        await Eventually.TrueAsync(() => run.Sends().Count >= 20, "20 requests to go out");
        await run.StopAsync(Drain);

        var sends = run.Sends();
        sends.Select(s => s.Due).Should().Equal(plan.DueTimes().Take(sends.Count), "the n-th send is the n-th due");
        sends.Should().OnlyContain(s => s.Lateness == TimeSpan.Zero);
        run.Offered().Should().Equal(sends.Select(s => s.Due));
    }

    [Fact]
    public async Task AClosedLoopKeepsNoSchedule()
    {
        await using var server = await FakeOpenAiServer.StartAsync(TimeSpan.FromMilliseconds(1));
        using var http = OpenAiStreamingClient.CreateHttpClient();
        var client = new OpenAiStreamingClient(http, new OpenAiClientOptions(server.BaseUrl, "m"), TimeProvider.System);

        await using var run = LoadRun.Start(
            client,
            new ClosedLoopArrivals(2),
            PromptSet.Synthetic(10, (1, 2), (1, 1)),
            TimeProvider.System,
            CancellationToken.None
        );
        await Eventually.TrueAsync(() => run.Finished().Count >= 4, "4 requests to finish");
        await run.StopAsync(Drain);

        run.Sends().Should().BeEmpty();
        new ClosedLoopArrivals(2).DueTimes().Should().BeEmpty();
    }

    [Fact]
    public async Task AClosedLoopStartedAfterCancellationGivesBackControlAndSendsNothing()
    {
        await using var server = await FakeOpenAiServer.StartAsync(TimeSpan.FromMilliseconds(1));
        using var http = OpenAiStreamingClient.CreateHttpClient();
        var client = new OpenAiStreamingClient(http, new OpenAiClientOptions(server.BaseUrl, "m"), TimeProvider.System);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        // Ctrl-C just before a trial's load: its workers spun on requests that fail at once and never returned.
        var start = Task.Run(() =>
            LoadRun.Start(
                client,
                new ClosedLoopArrivals(4),
                PromptSet.Synthetic(10, (5, 10), (4, 4)),
                TimeProvider.System,
                cancelled.Token
            )
        );
        (await Task.WhenAny(start, Task.Delay(Drain))).Should().BeSameAs(start, "Start must return");
        await using var run = await start;
        var records = await run.StopAsync(Drain);

        records.Should().BeEmpty();
    }
}
