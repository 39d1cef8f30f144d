using MLEnergy.Runtime.Load;
using MLEnergy.Runtime.Tests.Support;

namespace MLEnergy.Runtime.Tests.Load;

public sealed class LoadRunTests
{
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
        await Task.Delay(TimeSpan.FromSeconds(1));
        var records = await run.StopAsync(TimeSpan.FromSeconds(5));

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
        await Task.Delay(TimeSpan.FromMilliseconds(600));
        var records = (await run.StopAsync(TimeSpan.FromSeconds(5))).OrderBy(r => r.Start).ToList();

        records.Select(r => r.OutputTokens).Should().StartWith([2, 3], "the trace repeats after its last arrival");
        records[1]
            .Start.Should()
            .BeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(395), "no request goes out before its arrival time");
    }
}
