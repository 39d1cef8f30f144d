using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MLEnergy.Runtime.Tests.Support;

/// <summary>
/// Replays an event stream byte for byte over HTTP on loopback: the k-th event (the bytes up to and including the
/// blank line that ends it) is written at <c>k × Step</c> on a <see cref="SteppedClock"/>, and the next waits until
/// the client has read the clock, so the client's timings are exact multiples of the step. With a content coding
/// (<c>gzip</c>, <c>br</c>) the body is compressed as a gateway does it, flushed after every event; any other coding
/// is only named in the header.
/// </summary>
internal sealed class StreamReplayServer : IAsyncDisposable
{
    public static readonly TimeSpan Step = TimeSpan.FromMilliseconds(10);
    private readonly WebApplication _app;

    private StreamReplayServer(WebApplication app) => _app = app;

    public Uri BaseUrl =>
        new(
            _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/"
        );

    public static async Task<StreamReplayServer> StartAsync(
        byte[] stream,
        SteppedClock clock,
        string contentType = "text/event-stream",
        string? contentEncoding = null
    )
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.MapPost("/v1/completions", (HttpContext c) => ReplayAsync(c, stream, clock, contentType, contentEncoding));
        app.MapPost(
            "/v1/chat/completions",
            (HttpContext c) => ReplayAsync(c, stream, clock, contentType, contentEncoding)
        );
        await app.StartAsync();
        return new StreamReplayServer(app);
    }

    /// <summary>
    /// Whether the client acts on (and takes the time of) this event: it has a data or error field, or is an error
    /// event (which counts without data).
    /// </summary>
    private static bool Dispatches(byte[] piece)
    {
        var text = System.Text.Encoding.UTF8.GetString(piece).Replace("\r", "\n", StringComparison.Ordinal);
        return text.Split('\n')
            .Any(l =>
                l.StartsWith("data", StringComparison.Ordinal)
                || l.StartsWith("error", StringComparison.Ordinal)
                || l is "event: error" or "event:error"
            );
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static async Task ReplayAsync(
        HttpContext context,
        byte[] stream,
        SteppedClock clock,
        string contentType,
        string? contentEncoding
    )
    {
        context.Response.ContentType = contentType;
        if (contentEncoding is not null)
        {
            context.Response.Headers.ContentEncoding = contentEncoding;
        }

        await context.Response.StartAsync();
        await using var encoder = Encoder(context.Response.Body, contentEncoding);
        var body = encoder ?? context.Response.Body;
        var reads = clock.Reads;
        var step = 0;
        try
        {
            foreach (var piece in SseEventSplitter.Events(stream))
            {
                clock.Set(Step * ++step);
                await body.WriteAsync(piece);
                await body.FlushAsync();
                if (Dispatches(piece))
                {
                    await clock.WaitForReadAfterAsync(reads, Eventually.Limit, context.RequestAborted);
                }

                reads = clock.Reads;
            }
        }
        catch (IOException)
        {
            // The client stopped reading after an error event: the rest of the stream has no reader.
        }
    }

    private static Stream? Encoder(Stream body, string? contentEncoding) =>
        contentEncoding switch
        {
            null => null,
            "gzip" => new System.IO.Compression.GZipStream(body, System.IO.Compression.CompressionLevel.Fastest, true),
            "br" => new System.IO.Compression.BrotliStream(body, System.IO.Compression.CompressionLevel.Fastest, true),
            _ => null,
        };
}
