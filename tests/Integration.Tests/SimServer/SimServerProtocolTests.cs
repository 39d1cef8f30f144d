using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using MLEnergy.Simulation;
using MLEnergy.Simulation.Http;

namespace MLEnergy.Integration.Tests.SimServer;

/// <summary>sim-server answers as vLLM's OpenAI server does: streams, usage, validation, limits, aborts.</summary>
public sealed class SimServerProtocolTests
{
    [Fact]
    public async Task AStreamAskingForUsageEndsWithAUsageChunkWithoutChoices()
    {
        await using var server = await StartAsync();
        using var client = Client(server);

        var events = await StreamAsync(
            client,
            "/v1/completions",
            """
            {"prompt":"Count","max_tokens":9,"stream":true,"stream_options":{"include_usage":true},"ignore_eos":true}
            """
        );

        events[^1].Should().Be("[DONE]");
        var usage = JsonDocument.Parse(events[^2]).RootElement;
        usage.GetProperty("choices").GetArrayLength().Should().Be(0);
        usage.GetProperty("usage").GetProperty("completion_tokens").GetInt32().Should().Be(9);
        events.Should().HaveCount(11);
        JsonDocument
            .Parse(events[^3])
            .RootElement.GetProperty("choices")[0]
            .GetProperty("finish_reason")
            .GetString()
            .Should()
            .Be("length");
    }

    [Theory]
    [InlineData("/v1/chat/completions", "\"messages\":[{\"role\":\"user\",\"content\":\"Count\"}]", 0)]
    [InlineData("/v1/completions", "\"prompt\":\"Count\"", 1)]
    public async Task ContinuousUsageStatsPutTheCountSoFarOnEveryChunkAsVllmDoes(string path, string input, int first)
    {
        await using var server = await StartAsync();
        using var client = Client(server);
        const string Usage = "\"stream_options\":{\"include_usage\":true,\"continuous_usage_stats\":true},";
        const string Rest = "\"max_tokens\":5,\"stream\":true,\"ignore_eos\":true}";

        var events = await StreamAsync(client, path, "{" + input + "," + Usage + Rest);

        var counts = events[..^1]
            .Select(e =>
                JsonDocument.Parse(e).RootElement.GetProperty("usage").GetProperty("completion_tokens").GetInt32()
            );
        counts.Should().Equal(Enumerable.Range(first, 6 - first).Append(5));
        var without = await StreamAsync(client, path, "{" + input + "," + Rest);
        without.Should().HaveCount(7 - first).And.NotContain(e => e.Contains("usage", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AnAnswerThatEndsBeforeMaxTokensStopsWithFinishReasonStop()
    {
        await using var server = await StartAsync(timeScale: 200);
        using var client = Client(server);

        var body = Json("""{"prompt":"Tell me a story","max_tokens":15000}""");
        var response = await client.PostAsync("/v1/completions", body);
        var answer = await response.Content.ReadFromJsonAsync<JsonElement>();

        answer.GetProperty("choices")[0].GetProperty("finish_reason").GetString().Should().Be("stop");
        answer.GetProperty("usage").GetProperty("completion_tokens").GetInt32().Should().BeInRange(1, 14999);
    }

    [Fact]
    public async Task TheModelListGivesEachModelItsCreationTime()
    {
        await using var server = await StartAsync();
        using var client = Client(server);

        var models = await client.GetFromJsonAsync<JsonElement>("/v1/models");

        var model = models.GetProperty("data")[0];
        model.GetProperty("id").GetString().Should().Be("Qwen/Qwen3-8B");
        model.GetProperty("created").GetInt64().Should().BeGreaterThan(1_700_000_000);
    }

    [Theory]
    [InlineData("/v1/completions", "[]")]
    [InlineData("/v1/completions", "null")]
    [InlineData("/v1/completions", "\"hello\"")]
    [InlineData("/v1/completions", "42")]
    [InlineData("/v1/completions", "")]
    [InlineData("/v1/completions", "{}")]
    [InlineData("/v1/completions", """{"prompt":5}""")]
    [InlineData("/v1/completions", """{"prompt":"x","max_tokens":0}""")]
    [InlineData("/v1/completions", """{"prompt":"x","max_tokens":-3}""")]
    [InlineData("/v1/completions", """{"prompt":"x","max_tokens":1.5}""")]
    [InlineData("/v1/completions", """{"prompt":"x","max_tokens":"10"}""")]
    [InlineData("/v1/completions", """{"prompt":"x","max_tokens":99999999999}""")]
    [InlineData("/v1/completions", """{"prompt":"x","stream":"yes"}""")]
    [InlineData("/v1/completions", """{"prompt":"x","stream_options":{"include_usage":true}}""")]
    [InlineData("/v1/completions", """{"prompt":"x","model":7}""")]
    [InlineData("/v1/completions", """{"prompt":"x","temperature":"hot"}""")]
    [InlineData("/v1/chat/completions", "{}")]
    [InlineData("/v1/chat/completions", """{"messages":"hi"}""")]
    [InlineData("/v1/chat/completions", """{"messages":[]}""")]
    [InlineData("/v1/chat/completions", """{"messages":[1]}""")]
    [InlineData("/v1/chat/completions", """{"messages":[{"role":"user","content":5}]}""")]
    [InlineData("/v1/chat/completions", """{"messages":[{"role":"user","content":"x"}],"max_completion_tokens":0}""")]
    public async Task AMalformedRequestGets400WithAnOpenAiErrorBody(string path, string body)
    {
        await using var server = await StartAsync();
        using var client = Client(server);

        var response = await client.PostAsync(path, Json(body));

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var error = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error");
        error.GetProperty("message").GetString().Should().NotBeNullOrEmpty();
        error.GetProperty("code").GetInt32().Should().Be(400);
    }

    [Fact]
    public async Task APromptLongerThanTheContextGets400AndTheServerStaysUsable()
    {
        await using var server = await StartAsync();
        using var client = Client(server);

        var longPrompt = Json(JsonSerializer.Serialize(new { prompt = new string('a', 800_000) }));
        var tooLong = await client.PostAsync("/v1/completions", longPrompt);
        var after = await client.PostAsync("/v1/completions", Json("""{"prompt":"x","max_tokens":3}"""));

        tooLong.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await tooLong.Content.ReadAsStringAsync()).Should().Contain("maximum context length");
        after.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task ABodyOverTheSizeLimitGets413AndTheServerStaysUsable()
    {
        await using var server = await StartAsync();
        using var client = Client(server);

        var hugePrompt = Json(JsonSerializer.Serialize(new { prompt = new string('a', 2_000_000) }));
        var huge = await client.PostAsync("/v1/completions", hugePrompt);
        var after = await client.PostAsync("/v1/completions", Json("""{"prompt":"x","max_tokens":3}"""));

        huge.StatusCode.Should().Be(HttpStatusCode.RequestEntityTooLarge);
        after.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task AClientThatDisconnectsHasItsGenerationAbortedAndItsSlotFreed()
    {
        await using var server = await StartAsync(maxNumSeqs: 1, timeScale: 1);
        using var client = Client(server);

        using (
            var request = new HttpRequestMessage(HttpMethod.Post, "/v1/completions")
            {
                Content = Json("""{"prompt":"x","max_tokens":15000,"stream":true,"ignore_eos":true}"""),
            }
        )
        using (var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead))
        {
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
            (await reader.ReadLineAsync()).Should().StartWith("data: ");
        }

        using var quick = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var short4 = Json("""{"prompt":"y","max_tokens":4,"ignore_eos":true}""");
        var next = await client.PostAsync("/v1/completions", short4, quick.Token);
        var metrics = await client.GetStringAsync("/metrics");

        next.StatusCode.Should().Be(HttpStatusCode.OK);
        metrics.Should().Contain("mlenergy_sim_aborted_requests_total 1");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(1e6)]
    public void ATimeScaleThatIsNotAPositiveNumberUpToTheLimitIsRefused(double scale)
    {
        var options = new SimServerOptions("Qwen/Qwen3-8B", 8, TimeScale: scale, Port: 0);
        var create = () => new Simulation.Http.SimServer(SimulatedHost.CreateDefault(), options);

        create.Should().Throw<ArgumentException>().WithMessage("*--time-scale*");
    }

    private static async Task<Simulation.Http.SimServer> StartAsync(int maxNumSeqs = 8, double timeScale = 20)
    {
        var options = new SimServerOptions("Qwen/Qwen3-8B", maxNumSeqs, TimeScale: timeScale, Port: 0);
        var server = new Simulation.Http.SimServer(SimulatedHost.CreateDefault(), options);
        await server.StartAsync(CancellationToken.None);
        return server;
    }

    private static HttpClient Client(Simulation.Http.SimServer server) =>
        new() { BaseAddress = server.Address, Timeout = TimeSpan.FromSeconds(60) };

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    private static async Task<List<string>> StreamAsync(HttpClient client, string path, string body)
    {
        using var response = await client.PostAsync(path, Json(body));
        var events = new List<string>();
        foreach (var line in (await response.Content.ReadAsStringAsync()).Split('\n'))
        {
            if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                events.Add(line["data: ".Length..]);
            }
        }

        return events;
    }
}
