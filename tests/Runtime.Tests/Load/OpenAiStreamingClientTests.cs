using MLEnergy.Runtime.Load;
using MLEnergy.Runtime.Tests.Support;

namespace MLEnergy.Runtime.Tests.Load;

public sealed class OpenAiStreamingClientTests
{
    [Theory]
    [InlineData(OpenAiEndpoint.Completions)]
    [InlineData(OpenAiEndpoint.ChatCompletions)]
    public async Task EveryStreamedTokenIsTimedAndTheTextKept(OpenAiEndpoint endpoint)
    {
        await using var server = await FakeOpenAiServer.StartAsync(TimeSpan.FromMilliseconds(5));
        using var http = OpenAiStreamingClient.CreateHttpClient();
        var client = new OpenAiStreamingClient(
            http,
            new OpenAiClientOptions(server.BaseUrl, "m", endpoint) { KeepText = true },
            TimeProvider.System
        );

        var record = await client.SendAsync(
            new Prompt("hello", 6),
            TimeProvider.System.GetTimestamp(),
            CancellationToken.None
        );

        record.Error.Should().BeNull();
        record.OutputTokens.Should().Be(6);
        record.Gaps.Should().HaveCount(5);
        record.Text.Should().Be(" t0 t1 t2 t3 t4 t5");
        record.TimeToFirstToken.Should().BeGreaterThan(TimeSpan.Zero);
        record.TimePerOutputToken.Should().NotBeNull();
    }

    [Fact]
    public async Task AServerErrorIsARecordedFailureNotACrash()
    {
        await using var server = await FakeOpenAiServer.StartAsync(TimeSpan.FromMilliseconds(1));
        using var http = OpenAiStreamingClient.CreateHttpClient();
        var client = new OpenAiStreamingClient(http, new OpenAiClientOptions(server.BaseUrl, "m"), TimeProvider.System);

        var record = await client.SendAsync(
            new Prompt("please fail", 4),
            TimeProvider.System.GetTimestamp(),
            CancellationToken.None
        );

        record.Succeeded.Should().BeFalse();
        record.Error.Should().StartWith("HTTP 500").And.Contain("simulated failure");
    }

    [Fact]
    public async Task ARequestOverItsTimeoutIsCountedAsTimedOut()
    {
        await using var server = await FakeOpenAiServer.StartAsync(TimeSpan.FromMilliseconds(200));
        using var http = OpenAiStreamingClient.CreateHttpClient();
        var options = new OpenAiClientOptions(server.BaseUrl, "m") { RequestTimeout = TimeSpan.FromMilliseconds(300) };
        var client = new OpenAiStreamingClient(http, options, TimeProvider.System);

        var record = await client.SendAsync(
            new Prompt("slow", 20),
            TimeProvider.System.GetTimestamp(),
            CancellationToken.None
        );

        record.Error.Should().StartWith("timed out");
    }

    [Fact]
    public async Task AnUnreachableServerIsAConnectionFailure()
    {
        using var http = OpenAiStreamingClient.CreateHttpClient();
        var client = new OpenAiStreamingClient(
            http,
            new OpenAiClientOptions(new Uri("http://127.0.0.1:9/"), "m"),
            TimeProvider.System
        );

        var record = await client.SendAsync(
            new Prompt("x", 2),
            TimeProvider.System.GetTimestamp(),
            CancellationToken.None
        );

        record.Error.Should().StartWith("connection failed");
    }

    [Fact]
    public async Task TheApiKeyGoesInTheAuthorizationHeaderAndNeverIntoTheDescription()
    {
        await using var server = await FakeOpenAiServer.StartAsync(TimeSpan.FromMilliseconds(1), apiKey: "sk-secret");
        using var http = OpenAiStreamingClient.CreateHttpClient();
        var options = new OpenAiClientOptions(server.BaseUrl, "m") { ApiKey = "sk-secret" };
        var client = new OpenAiStreamingClient(http, options, TimeProvider.System);

        var record = await client.SendAsync(
            new Prompt("x", 2),
            TimeProvider.System.GetTimestamp(),
            CancellationToken.None
        );

        record.Succeeded.Should().BeTrue();
        options.ToString().Should().NotContain("sk-secret").And.Contain("API key set");
    }
}
