using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MLEnergy.Runtime.Tests.Support;

namespace MLEnergy.Integration.Tests.Serving;

/// <summary>
/// An OpenAI-compatible server on loopback that answers every completion with the same engine stream, byte for byte
/// (tests/Runtime.Tests/TestData/Streams), event by event: <see cref="Gap"/> before the first generated
/// token, <see cref="LaterGap"/> before the next, <see cref="Pace"/> before every other
/// event. <c>/metrics</c> has a GPU energy counter
/// growing at 300 W, <c>/v1/models</c> lists no model.
/// </summary>
internal sealed class FixtureStreamServer : IAsyncDisposable
{
    public static readonly TimeSpan Gap = TimeSpan.FromMilliseconds(300);

    /// <summary>
    /// Long, so that a TTFT taken at a later token is seconds away from one taken at the first, whatever else the
    /// machine is doing.
    /// </summary>
    public static readonly TimeSpan LaterGap = TimeSpan.FromSeconds(2);
    public static readonly TimeSpan Pace = TimeSpan.FromMilliseconds(5);
    public const string EnergyMetric = "fixture_gpu_energy_millijoules";
    private readonly WebApplication _app;

    private FixtureStreamServer(WebApplication app) => _app = app;

    public Uri BaseUrl =>
        new(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

    /// <param name="stream">The stream's bytes.</param>
    /// <param name="firstToken">The 1-based index of the event with the first generated (answer or reasoning) text.
    /// </param>
    public static async Task<FixtureStreamServer> StartAsync(byte[] stream, int firstToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var started = Stopwatch.GetTimestamp();
        app.MapGet("/v1/models", () => Results.Text("{\"object\":\"list\",\"data\":[]}", "application/json"));
        app.MapGet(
            "/metrics",
            () =>
                Results.Text(
                    string.Create(
                        CultureInfo.InvariantCulture,
                        $"{EnergyMetric} {Stopwatch.GetElapsedTime(started).TotalSeconds * 300_000:0}\n"
                    )
                )
        );
        app.MapPost("/v1/completions", (HttpContext c) => ReplayAsync(c, stream, firstToken));
        app.MapPost("/v1/chat/completions", (HttpContext c) => ReplayAsync(c, stream, firstToken));
        await app.StartAsync();
        return new FixtureStreamServer(app);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static async Task ReplayAsync(HttpContext context, byte[] stream, int firstToken)
    {
        context.Response.ContentType = "text/event-stream";
        await context.Response.StartAsync(context.RequestAborted);
        var index = 0;
        try
        {
            foreach (var piece in SseEventSplitter.Events(stream))
            {
                index++;
                var wait =
                    index == firstToken ? Gap
                    : index == firstToken + 1 ? LaterGap
                    : Pace;
                await Task.Delay(wait, context.RequestAborted);
                await context.Response.Body.WriteAsync(piece, context.RequestAborted);
                await context.Response.Body.FlushAsync(context.RequestAborted);
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException)
        {
            // The client stopped reading (after an error event, or when the run stopped).
        }
    }
}
