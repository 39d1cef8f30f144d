using System.Collections.Immutable;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using MLEnergy.Profiler.Latency;
using MLEnergy.Units;

namespace MLEnergy.Runtime.Load;

/// <summary>
/// Sends one streaming request to an OpenAI-compatible server (asking for <c>stream_options.include_usage</c>) and
/// times it: time to first token at the first chunk carrying generated text (reasoning included), the gap before each
/// later chunk with text (a chunk may hold several tokens: <see cref="RequestRecord.InterTokenLatencies"/> makes the
/// gaps between tokens of them), end at the stream's end. Output tokens are the server's count:
/// <c>usage.completion_tokens</c>, else llama.cpp's <c>timings.predicted_n</c>; a server that sends neither, or a count
/// of 0, gets its chunks with text counted instead and the record marked <see cref="RequestRecord.TokensEstimated"/>.
/// A stream is complete at <c>[DONE]</c> or once a choice has a <c>finish_reason</c>; one that ends before either was
/// cut short. A <c>finish_reason</c> by which the server stopped the generation (<c>abort</c>, <c>error</c>,
/// <c>timeout</c>, <c>cancelled</c>) fails the request. It asks for no content coding, and undoes one a gateway applied
/// anyway (<see cref="ContentCoding"/>). Timeouts, HTTP errors, JSON answers or web pages instead
/// of a stream, error events or error objects in the stream, streams cut short and broken streams become a failed
/// <see cref="RequestRecord"/> with the reason, never an exception.
/// </summary>
public sealed partial class OpenAiStreamingClient
{
    private static readonly byte[] Done = "[DONE]"u8.ToArray();
    private static readonly byte[] Whitespace = " \t\r\n"u8.ToArray();
    private readonly HttpClient _http;
    private readonly OpenAiClientOptions _options;
    private readonly Uri _url;
    private readonly TimeProvider _time;

    public OpenAiStreamingClient(HttpClient http, OpenAiClientOptions options, TimeProvider time)
    {
        _http = http;
        _options = options;
        _time = time;
        _url = new Uri(
            options.BaseUrl,
            options.Endpoint == OpenAiEndpoint.Completions ? "v1/completions" : "v1/chat/completions"
        );
    }

    /// <summary>
    /// An <see cref="HttpClient"/> for heavy load: no connection limit, no proxy, no overall timeout.
    /// </summary>
    public static HttpClient CreateHttpClient() =>
        new(
            new SocketsHttpHandler
            {
                MaxConnectionsPerServer = int.MaxValue,
                UseProxy = false,
                PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1),
                AutomaticDecompression = DecompressionMethods.None,
            }
        )
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };

    /// <summary>
    /// Sends <paramref name="prompt"/>; times are offsets from <paramref name="origin"/> (a <see cref="TimeProvider"/>
    /// timestamp).
    /// </summary>
    public async Task<RequestRecord> SendAsync(Prompt prompt, long origin, CancellationToken cancellationToken)
    {
        var start = _time.GetElapsedTime(origin);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.RequestTimeout);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, _url) { Content = Body(prompt) };
            if (_options.ApiKey is { } key)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
            }

            request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue("identity"));

            using var response = await _http.SendAsync(
                request,
                HttpCompletionOption.ResponseHeadersRead,
                timeout.Token
            );
            if (!response.IsSuccessStatusCode)
            {
                var body = await ContentCoding.ReadAllAsync(response.Content, timeout.Token);
                return RequestRecord.Failed(
                    start,
                    _time.GetElapsedTime(origin),
                    $"HTTP {(int)response.StatusCode}: {Shorten(Encoding.UTF8.GetString(body))}"
                );
            }

            var type = response.Content.Headers.ContentType?.MediaType;
            if (type is "application/json" or "text/html")
            {
                var body = await ContentCoding.ReadAllAsync(response.Content, timeout.Token);
                return NotStreamed(body, type, start, origin);
            }

            await using var stream = await ContentCoding.OpenAsync(response.Content, timeout.Token);
            return await ReadStreamAsync(stream, start, origin, timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return RequestRecord.Failed(
                start,
                _time.GetElapsedTime(origin),
                $"timed out after {_options.RequestTimeout.TotalSeconds:0.#} s"
            );
        }
        catch (InvalidDataException e)
        {
            return RequestRecord.Failed(start, _time.GetElapsedTime(origin), $"unreadable stream: {e.Message}");
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            return RequestRecord.Failed(start, _time.GetElapsedTime(origin), $"connection failed: {e.Message}");
        }
    }

    private async Task<RequestRecord> ReadStreamAsync(
        Stream body,
        TimeSpan start,
        long origin,
        CancellationToken cancellationToken
    )
    {
        var reader = new SseEventReader(body);
        TimeSpan? first = null;
        var last = start;
        var gaps = ImmutableArray.CreateBuilder<TimeSpan>();
        var text = _options.KeepText ? new StringBuilder() : null;
        var deltas = 0;
        int? usage = null;
        int? predicted = null;
        var finished = false;
        while (await reader.ReadAsync(cancellationToken) is { } message)
        {
            var now = _time.GetElapsedTime(origin);
            if (message.IsError)
            {
                var reason = Shorten(ErrorText(message.Data.Span));
                return RequestRecord.Failed(start, now, $"server error in stream: {reason}");
            }

            var data = message.Data.Span.Trim(Whitespace);
            if (data.SequenceEqual(Done))
            {
                finished = true;
                break;
            }

            if (data.IsEmpty)
            {
                // An empty data field, as gateways and proxies send to keep a connection alive, carries nothing.
                continue;
            }

            var chunk = StreamChunk.Parse(message.Data.Span, text);
            if (chunk.Error is { } error)
            {
                return RequestRecord.Failed(start, now, $"server error in stream: {Shorten(error)}");
            }

            if (chunk.FailedFinish is { } cut)
            {
                var chunks = deltas + (chunk.HasText ? 1 : 0);
                return RequestRecord.Failed(
                    start,
                    now,
                    $"the server cut the generation off: finish_reason {cut} after "
                        + $"{CountText.Of(chunks, "chunk")} with text"
                );
            }

            usage = chunk.CompletionTokens ?? usage;
            predicted = chunk.PredictedTokens ?? predicted;
            finished |= chunk.Finished;
            if (!chunk.HasText)
            {
                continue;
            }

            if (first is null)
            {
                first = now - start;
            }
            else
            {
                gaps.Add(now - last);
            }

            last = now;
            deltas++;
        }

        var end = _time.GetElapsedTime(origin);
        if (!finished)
        {
            return RequestRecord.Failed(
                start,
                end,
                $"the stream ended early: no finish_reason and no [DONE] after {CountText.Of(deltas, "chunk")} "
                    + "with text"
            );
        }

        // A count of no tokens beside generated text is no count (LiteLLM's proxy sends zero usage on streamed text
        // completions, BerriAI/litellm issue 8349).
        var counted =
            usage > 0 ? usage
            : predicted > 0 ? predicted
            : null;
        return first is null
            ? RequestRecord.Failed(start, end, "the stream ended without a token")
            : new RequestRecord(start, end, first, gaps.DrainToImmutable(), counted ?? deltas)
            {
                Text = text?.ToString(),
                TokensEstimated = counted is null,
            };
    }

    /// <summary>
    /// A JSON answer to a streaming request (a server or proxy that ignored <c>stream</c>, or an error object sent with
    /// status 200), or a web page (a sign-in page an authenticating proxy redirected to, a gateway's error page sent
    /// with status 200), has no token times: a failed request that says which, with the page's text without markup.
    /// </summary>
    private RequestRecord NotStreamed(byte[] body, string mediaType, TimeSpan start, long origin)
    {
        var end = _time.GetElapsedTime(origin);
        if (mediaType == "application/json" && StreamChunk.Parse(body).Error is { } error)
        {
            return RequestRecord.Failed(start, end, $"server error: {Shorten(error)}");
        }

        var text = Encoding.UTF8.GetString(body);
        if (mediaType == "text/html")
        {
            text = WhiteSpace().Replace(Markup().Replace(NotShown().Replace(text, " "), " "), " ");
        }

        return RequestRecord.Failed(
            start,
            end,
            $"the server answered without streaming ({mediaType}): {Shorten(text)}"
        );
    }

    [GeneratedRegex("<(script|style)[^>]*>.*?</\\1>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex NotShown();

    [GeneratedRegex("<[^>]*>")]
    private static partial Regex Markup();

    [GeneratedRegex("\\s+")]
    private static partial Regex WhiteSpace();

    /// <summary>
    /// The message of an error event: the error a JSON payload names, else its text as sent (Dynamo's frontend sends
    /// plain text, in a comment).
    /// </summary>
    private static string ErrorText(ReadOnlySpan<byte> data)
    {
        data = data.Trim(Whitespace);
        if (data.IsEmpty)
        {
            return "an error event with no message";
        }

        return data[0] == (byte)'{' && StreamChunk.Parse(data).Error is { } error
            ? error
            : Encoding.UTF8.GetString(data);
    }

    private ByteArrayContent Body(Prompt prompt)
    {
        using var buffer = new MemoryStream(prompt.Text.Length + 192);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("model", _options.Model);
            if (_options.Endpoint == OpenAiEndpoint.Completions)
            {
                json.WriteString("prompt", prompt.Text);
            }
            else
            {
                json.WriteStartArray("messages");
                json.WriteStartObject();
                json.WriteString("role", "user");
                json.WriteString("content", prompt.Text);
                json.WriteEndObject();
                json.WriteEndArray();
            }

            json.WriteNumber("max_tokens", prompt.MaxTokens);
            if (_options.Temperature is { } temperature)
            {
                json.WriteNumber("temperature", temperature);
            }

            json.WriteBoolean("stream", true);
            json.WriteStartObject("stream_options");
            json.WriteBoolean("include_usage", true);
            json.WriteEndObject();
            json.WriteEndObject();
        }

        var content = new ByteArrayContent(buffer.ToArray());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }

    private static string Shorten(string text) => text.Length <= 200 ? text.Trim() : text[..200].Trim() + "...";
}
