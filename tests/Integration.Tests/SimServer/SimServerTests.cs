using System.Net.Http.Json;
using System.Text.Json;
using MLEnergy.Cli;
using MLEnergy.Cli.Output;
using MLEnergy.Simulation;
using MLEnergy.Simulation.Http;

namespace MLEnergy.Integration.Tests.SimServer;

public sealed class SimServerTests
{
    [Fact]
    public async Task AStreamedChatCompletionSendsTheRoleThenOneEventPerTokenThenDone()
    {
        await using var server = new Simulation.Http.SimServer(
            SimulatedHost.CreateDefault(),
            new SimServerOptions("Qwen/Qwen3-8B", 16, TimeScale: 5, Port: 0)
        );
        var address = await server.StartAsync(CancellationToken.None);
        using var client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };

        var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
        {
            Content = JsonContent.Create(
                new
                {
                    model = "Qwen/Qwen3-8B",
                    messages = new[] { new { role = "user", content = "Say hello." } },
                    max_tokens = 12,
                    stream = true,
                    ignore_eos = true,
                }
            ),
        };
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        var events = await ReadEvents(response);

        response.Content.Headers.ContentType!.MediaType.Should().Be("text/event-stream");
        events.Should().HaveCount(14);
        events[^1].Should().Be("[DONE]");
        var role = JsonDocument.Parse(events[0]).RootElement.GetProperty("choices")[0].GetProperty("delta");
        role.GetProperty("role").GetString().Should().Be("assistant");
        var chunks = events.Skip(1).Take(12).Select(e => JsonDocument.Parse(e).RootElement).ToList();
        chunks.Should().OnlyContain(c => c.GetProperty("object").GetString() == "chat.completion.chunk");
        chunks
            .Should()
            .OnlyContain(c =>
                c.GetProperty("choices")[0].GetProperty("delta").GetProperty("content").GetString()!.Length > 0
            );
        chunks[^1].GetProperty("choices")[0].GetProperty("finish_reason").GetString().Should().Be("length");
    }

    [Fact]
    public async Task HealthAndMetricsReportTheSimulatedGpusEnergy()
    {
        await using var server = new Simulation.Http.SimServer(
            SimulatedHost.CreateDefault(),
            new SimServerOptions("Qwen/Qwen3-8B", 8, TensorParallel: 2, TimeScale: 5, Port: 0)
        );
        var address = await server.StartAsync(CancellationToken.None);
        using var client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };

        var twenty = new
        {
            prompt = "Once upon a time",
            max_tokens = 20,
            ignore_eos = true,
        };
        var completion = await client.PostAsJsonAsync("/v1/completions", twenty);
        var body = await completion.Content.ReadFromJsonAsync<JsonElement>();
        var health = await client.GetStringAsync("/health");
        var metrics = await client.GetStringAsync("/metrics");

        health.Should().Be("ok");
        body.GetProperty("usage").GetProperty("completion_tokens").GetInt32().Should().Be(20);
        metrics.Should().Contain("mlenergy_sim_gpu_energy_millijoules{gpu=\"1\"}");
        metrics.Should().Contain("mlenergy_sim_generated_tokens_total 20");
        var energy = metrics
            .Split('\n')
            .First(l => l.StartsWith("mlenergy_sim_gpu_energy_millijoules{gpu=\"0\"}", StringComparison.Ordinal));
        long.Parse(energy.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture).Should().BeGreaterThan(0);
    }

    [Fact]
    public async Task AnotherModelNameIsNotFound()
    {
        await using var server = new Simulation.Http.SimServer(
            SimulatedHost.CreateDefault(),
            new SimServerOptions("Qwen/Qwen3-8B", 8, Port: 0)
        );
        var address = await server.StartAsync(CancellationToken.None);
        using var client = new HttpClient { BaseAddress = address };

        var response = await client.PostAsJsonAsync(
            "/v1/completions",
            new
            {
                model = "acme/other",
                prompt = "x",
                max_tokens = 2,
            }
        );

        response.StatusCode.Should().Be(System.Net.HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task TheCommandRejectsAnUnknownModelWithTheKnownOnesAndExitCodeTwo()
    {
        var output = new StringWriter();
        var error = new StringWriter();

        var code = await MlEnergyApp.RunAsync(
            ["sim-server", "--model", "acme/Nope-1B", "--port", "0"],
            new WriterConsoleOutput(output, error),
            CancellationToken.None
        );

        code.Should().Be((int)ExitCode.UsageError);
        error.ToString().Should().Contain("unknown model 'acme/Nope-1B'").And.Contain("Qwen/Qwen3-8B");
    }

    [Fact]
    public async Task TheCommandServesUntilCancelledAndStopsCleanly()
    {
        var output = new StringWriter();
        // Synchronized methods lock the wrapper itself, so the test reads what was written under the same lock.
        var shared = TextWriter.Synchronized(output);
        string Written()
        {
            lock (shared)
            {
                return output.ToString();
            }
        }

        using var cancel = new CancellationTokenSource();
        var run = MlEnergyApp.RunAsync(
            ["sim-server", "--model", "Qwen/Qwen3-8B", "--port", "0"],
            new WriterConsoleOutput(shared, new StringWriter()),
            cancel.Token
        );
        var deadline = DateTime.UtcNow.AddMinutes(1);
        while (!Written().Contains("listening on", StringComparison.Ordinal) && !run.IsCompleted)
        {
            DateTime.UtcNow.Should().BeBefore(deadline, "the server should start listening");
            await Task.Delay(50);
        }

        await cancel.CancelAsync();
        var code = await run;

        code.Should().Be((int)ExitCode.Success);
        Written().Should().Contain("listening on http://127.0.0.1:").And.Contain("Simulated server stopped.");
    }

    private static async Task<List<string>> ReadEvents(HttpResponseMessage response)
    {
        var events = new List<string>();
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        while (await reader.ReadLineAsync() is { } line)
        {
            if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                events.Add(line["data: ".Length..]);
            }
        }

        return events;
    }
}
