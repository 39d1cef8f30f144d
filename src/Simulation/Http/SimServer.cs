using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace MLEnergy.Simulation.Http;

/// <summary>
/// The simulated engine served as an OpenAI-compatible HTTP server on loopback: <c>/v1/completions</c> and
/// <c>/v1/chat/completions</c> (streaming: one SSE event per token, then <c>[DONE]</c>), <c>/v1/models</c>,
/// <c>/health</c>, and <c>/metrics</c> with the simulated GPUs' energy counters and power.
/// </summary>
public sealed class SimServer : IAsyncDisposable
{
    private readonly SimServerOptions options;
    private readonly LiveEngine live;
    private readonly Random random;
    private readonly Lock randomGate = new();
    private readonly CancellationTokenSource engineStop = new();
    private WebApplication? app;
    private Task? engineTask;
    private long requestCounter;

    /// <exception cref="UnknownCatalogEntryException">Unknown model or GPU kind.</exception>
    /// <exception cref="ArgumentException">A configuration that cannot run (the message says why).</exception>
    public SimServer(SimulatedHost host, SimServerOptions options, TimeProvider? time = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.TimeScale);
        this.options = options;
        live = new LiveEngine(host, options, time ?? TimeProvider.System);
        random = new Random(options.Seed);
    }

    /// <summary>Where the server listens, once started.</summary>
    public Uri? Address { get; private set; }

    /// <summary>Starts listening on 127.0.0.1 and returns the address (with the real port when 0 was asked).</summary>
    public async Task<Uri> StartAsync(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<IHostLifetime, EmbeddedLifetime>();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, options.Port));
        app = builder.Build();
        app.MapGet("/health", () => Results.Text("ok"));
        app.MapGet("/metrics", () => Results.Text(MetricsText.Render(live, options.TensorParallel), "text/plain; version=0.0.4"));
        app.MapGet("/v1/models", () => Results.Json(new { @object = "list", data = new[] { new { id = options.ModelId, @object = "model", owned_by = "mlenergy-sim" } } }));
        app.MapPost("/v1/completions", context => Serve(context, chat: false));
        app.MapPost("/v1/chat/completions", context => Serve(context, chat: true));
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        engineTask = Task.Run(() => live.RunAsync(engineStop.Token), CancellationToken.None);
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        Address = new Uri(addresses.First());
        return Address;
    }

    /// <summary>Serves until <paramref name="cancellationToken"/> is cancelled (Ctrl-C, SIGTERM), then stops cleanly.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await StartAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        await StopAsync().ConfigureAwait(false);
    }

    public async Task StopAsync()
    {
        await engineStop.CancelAsync().ConfigureAwait(false);
        if (engineTask is not null)
        {
            await engineTask.ConfigureAwait(false);
        }

        if (app is not null)
        {
            await app.StopAsync(CancellationToken.None).ConfigureAwait(false);
            await app.DisposeAsync().ConfigureAwait(false);
            app = null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        engineStop.Dispose();
        live.Dispose();
    }

    private async Task Serve(HttpContext context, bool chat)
    {
        OpenAiRequest request;
        try
        {
            using var body = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted).ConfigureAwait(false);
            request = OpenAiRequest.Parse(body.RootElement, chat);
        }
        catch (JsonException ex)
        {
            await Results.BadRequest(new { error = new { message = $"the body is not JSON: {ex.Message}", type = "invalid_request_error" } }).ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        if (request.Model.Length > 0 && !string.Equals(request.Model, options.ModelId, StringComparison.OrdinalIgnoreCase))
        {
            await Results.NotFound(new { error = new { message = $"The model `{request.Model}` does not exist; this server serves {options.ModelId}.", type = "NotFoundError" } }).ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        var outputTokens = request.MaxTokens ?? SampleOutputLength();
        var tokens = live.Submit(request.PromptTokens, Math.Clamp(outputTokens, 1, 16384));
        var id = $"{(chat ? "chatcmpl" : "cmpl")}-sim-{Interlocked.Increment(ref requestCounter)}";
        var writer = new CompletionWriter(context.Response, id, options.ModelId, chat, request.PromptTokens);
        if (request.Stream)
        {
            await writer.StreamAsync(tokens, context.RequestAborted).ConfigureAwait(false);
        }
        else
        {
            await writer.WholeAsync(tokens, context.RequestAborted).ConfigureAwait(false);
        }
    }

    private int SampleOutputLength()
    {
        lock (randomGate)
        {
            return Math.Min(1024, live.Lengths.Output.Sample(random));
        }
    }
}
