using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MLEnergy.Runtime.Tests.Support;

/// <summary>
/// A tiny OpenAI-compatible streaming server on loopback: streams <c>max_tokens</c> chunks "t0 t1 ...", one every
/// <see cref="TokenDelay"/>; answers 500 for a prompt containing "fail" and checks the bearer key when one is set.
/// </summary>
internal sealed class FakeOpenAiServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Counter _streamed;

    private FakeOpenAiServer(WebApplication app, TimeSpan delay, Counter streamed)
    {
        _app = app;
        TokenDelay = delay;
        _streamed = streamed;
    }

    public TimeSpan TokenDelay { get; }

    /// <summary>How many streams the server has written to the end, [DONE] included.</summary>
    public int Streamed => _streamed.Value;

    public Uri BaseUrl =>
        new(
            _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/"
        );

    public static async Task<FakeOpenAiServer> StartAsync(TimeSpan tokenDelay, string? apiKey = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var streamed = new Counter();
        app.MapGet("/health", () => "ok");
        app.MapGet(
            "/v1/models",
            () => Results.Json(new { @object = "list", data = new[] { new { id = "test-model", @object = "model" } } })
        );
        app.MapPost("/v1/completions", (HttpContext c) => StreamAsync(c, tokenDelay, apiKey, chat: false, streamed));
        app.MapPost(
            "/v1/chat/completions",
            (HttpContext c) => StreamAsync(c, tokenDelay, apiKey, chat: true, streamed)
        );
        await app.StartAsync();
        return new FakeOpenAiServer(app, tokenDelay, streamed);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static async Task StreamAsync(
        HttpContext context,
        TimeSpan delay,
        string? apiKey,
        bool chat,
        Counter streamed
    )
    {
        if (apiKey is not null && context.Request.Headers.Authorization != $"Bearer {apiKey}")
        {
            context.Response.StatusCode = 401;
            return;
        }

        using var body = await JsonDocument.ParseAsync(context.Request.Body);
        var root = body.RootElement;
        var prompt = chat
            ? root.GetProperty("messages")[0].GetProperty("content").GetString()!
            : root.GetProperty("prompt").GetString()!;
        if (prompt.Contains("fail", StringComparison.Ordinal))
        {
            context.Response.StatusCode = 500;
            await context.Response.WriteAsync("{\"error\": \"simulated failure\"}");
            return;
        }

        context.Response.ContentType = "text/event-stream";
        var tokens = root.GetProperty("max_tokens").GetInt32();
        for (var i = 0; i < tokens; i++)
        {
            await Task.Delay(delay);
            var text = JsonSerializer.Serialize($" t{i}");
            var chunk = chat
                ? $"{{\"choices\":[{{\"index\":0,\"delta\":{{\"content\":{text}}},\"finish_reason\":null}}]}}"
                : $"{{\"object\":\"text_completion\","
                    + $"\"choices\":[{{\"index\":0,\"text\":{text},\"finish_reason\":null}}]}}";
            await context.Response.WriteAsync($"data: {chunk}\n\n");
            await context.Response.Body.FlushAsync();
        }

        await context.Response.WriteAsync("data: [DONE]\n\n");
        streamed.Increment();
    }

    private sealed class Counter
    {
        private int _value;

        public int Value => Volatile.Read(ref _value);

        public void Increment() => Interlocked.Increment(ref _value);
    }
}
