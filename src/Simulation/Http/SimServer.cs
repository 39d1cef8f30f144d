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
/// <c>/health</c>, <c>/metrics</c> with the simulated GPUs' energy counters and power and vLLM's metrics, and
/// <c>/control/gpus</c> to change the simulated GPUs' clock cap and power limit while serving.
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
    private readonly TimeProvider time;
    private long requestCounter;

    /// <exception cref="UnknownCatalogEntryException">Unknown model or GPU kind.</exception>
    /// <exception cref="ArgumentException">A configuration that cannot run (the message says why).</exception>
    public SimServer(SimulatedHost host, SimServerOptions options, TimeProvider? time = null)
    {
        var scale = options.TimeScale;
        if (!double.IsFinite(scale) || scale <= 0 || scale > SimServerOptions.MaxTimeScale)
        {
            throw new ArgumentException(
                $"--time-scale must be a number above 0 and at most {SimServerOptions.MaxTimeScale}, not {scale}",
                nameof(options)
            );
        }

        this.options = options;
        this.time = time ?? TimeProvider.System;
        live = new LiveEngine(host, options, this.time);
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
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Listen(IPAddress.Loopback, options.Port);
            k.Limits.MaxRequestBodySize = options.MaxRequestBodyBytes;
        });
        app = builder.Build();
        app.MapGet("/health", () => Results.Text("ok"));
        app.MapGet(
            "/metrics",
            () =>
                Results.Text(
                    MetricsText.Render(live, options.TensorParallel, options.ModelId),
                    "text/plain; version=0.0.4"
                )
        );
        GpuControlEndpoints.Map(app, live, () => Address);
        var created = time.GetUtcNow().ToUnixTimeSeconds();
        var entry = new
        {
            id = options.ModelId,
            @object = "model",
            created,
            owned_by = "mlenergy-sim",
            root = options.ModelId,
            max_model_len = live.MaxModelLen,
        };
        var models = new { @object = "list", data = new[] { entry } };
        app.MapGet("/v1/models", () => Results.Json(models));
        app.MapPost("/v1/completions", context => Serve(context, chat: false));
        app.MapPost("/v1/chat/completions", context => Serve(context, chat: true));
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        engineTask = Task.Run(() => live.RunAsync(engineStop.Token), CancellationToken.None);
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        Address = new Uri(addresses.First());
        return Address;
    }

    /// <summary>
    /// Serves until <paramref name="cancellationToken"/> is cancelled (Ctrl-C, SIGTERM), then stops cleanly.
    /// </summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await StartAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) { }

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
            using var body = await JsonDocument
                .ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted)
                .ConfigureAwait(false);
            request = OpenAiRequest.Parse(body.RootElement, chat);
            CheckLength(request);
        }
        catch (JsonException ex)
        {
            var message = $"the body is not JSON: {ex.Message}";
            await ErrorAsync(context, 400, message, "BadRequestError", null).ConfigureAwait(false);
            return;
        }
        catch (InvalidRequestException ex)
        {
            await ErrorAsync(context, 400, ex.Message, "BadRequestError", ex.Param).ConfigureAwait(false);
            return;
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            var message = $"the request body is larger than {options.MaxRequestBodyBytes} bytes";
            await ErrorAsync(context, 413, message, "RequestEntityTooLarge", null).ConfigureAwait(false);
            return;
        }

        if (
            request.Model.Length > 0
            && !string.Equals(request.Model, options.ModelId, StringComparison.OrdinalIgnoreCase)
        )
        {
            var message = $"The model `{request.Model}` does not exist; this server serves {options.ModelId}.";
            await ErrorAsync(context, 404, message, "NotFoundError", "model").ConfigureAwait(false);
            return;
        }

        var (outputTokens, finishReason) = OutputLength(request);
        var (requestId, tokens) = live.Submit(request.PromptTokens, outputTokens, finishReason);
        var id = $"{(chat ? "chatcmpl" : "cmpl")}-sim-{Interlocked.Increment(ref requestCounter)}";
        var writer = new CompletionWriter(
            context.Response,
            id,
            options.ModelId,
            chat,
            request.PromptTokens,
            finishReason,
            time.GetUtcNow().ToUnixTimeSeconds()
        );
        var completed = false;
        try
        {
            if (request.Stream)
            {
                completed = await writer
                    .StreamAsync(tokens, request.IncludeUsage, request.ContinuousUsage, context.RequestAborted)
                    .ConfigureAwait(false);
            }
            else
            {
                await writer.WholeAsync(tokens, context.RequestAborted).ConfigureAwait(false);
                completed = true;
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException)
        {
            // The client went away: vLLM aborts the request and frees its slot; so does the simulated engine.
        }
        finally
        {
            if (!completed)
            {
                live.Cancel(requestId);
            }
        }
    }

    /// <summary>Rejects a prompt (plus the output asked for) longer than the model's context, as vLLM does.</summary>
    private void CheckLength(OpenAiRequest request)
    {
        var asked = (long)request.PromptTokens + (request.MaxTokens ?? 0);
        if (request.PromptTokens >= live.MaxModelLen || asked > live.MaxModelLen)
        {
            throw new InvalidRequestException(
                $"This model's maximum context length is {live.MaxModelLen} tokens. However, you requested "
                    + $"{asked} tokens ({request.PromptTokens} in the messages, {request.MaxTokens ?? 0} in the "
                    + "completion). Please reduce the length of the messages or completion.",
                request.MaxTokens is null ? "messages" : "max_tokens"
            );
        }
    }

    /// <summary>
    /// The answer's length: the simulated model's own (sampled) length, cut at <c>max_tokens</c> ("length") or ending
    /// before it ("stop"); with <c>ignore_eos</c> always <c>max_tokens</c>.
    /// </summary>
    private (int Tokens, string FinishReason) OutputLength(OpenAiRequest request)
    {
        var room = live.MaxModelLen - request.PromptTokens;
        var limit = Math.Min(request.MaxTokens ?? room, room);
        if (request.IgnoreEos)
        {
            return (limit, "length");
        }

        var natural = SampleOutputLength();
        return natural < limit ? (natural, "stop") : (limit, "length");
    }

    private static Task ErrorAsync(HttpContext context, int status, string message, string type, string? param) =>
        Results
            .Json(
                new
                {
                    error = new
                    {
                        message,
                        type,
                        param,
                        code = status,
                    },
                },
                statusCode: status
            )
            .ExecuteAsync(context);

    private int SampleOutputLength()
    {
        lock (randomGate)
        {
            return Math.Max(1, live.Lengths.Output.Sample(random));
        }
    }
}
