using System.IO.Compression;

namespace MLEnergy.Runtime.Load;

/// <summary>
/// A response body with its content codings undone. The client asks for none (<c>Accept-Encoding: identity</c>: a
/// compressing proxy holds small events back until its buffer fills, which would move every token time), but a
/// gateway may compress an event stream all the same (RFC 9110 section 12.5.3 lets a server code a body in any coding
/// where the request named none), and read as it came the stream is binary. gzip, deflate (zlib) and br are read as
/// they arrive, one flushed event at a time; any other coding is an <see cref="InvalidDataException"/>.
/// </summary>
internal static class ContentCoding
{
    public static async Task<Stream> OpenAsync(HttpContent content, CancellationToken cancellationToken)
    {
        var stream = await content.ReadAsStreamAsync(cancellationToken);
        foreach (var coding in content.Headers.ContentEncoding.Reverse())
        {
            stream = coding.Trim().ToLowerInvariant() switch
            {
                "gzip" or "x-gzip" => new GZipStream(stream, CompressionMode.Decompress),
                "deflate" => new ZLibStream(stream, CompressionMode.Decompress),
                "br" => new BrotliStream(stream, CompressionMode.Decompress),
                "identity" => stream,
                _ => throw new InvalidDataException(
                    $"the body is in a content coding this client cannot read: {coding}"
                ),
            };
        }

        return stream;
    }

    public static async Task<byte[]> ReadAllAsync(HttpContent content, CancellationToken cancellationToken)
    {
        await using var stream = await OpenAsync(content, cancellationToken);
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, cancellationToken);
        return buffer.ToArray();
    }
}
