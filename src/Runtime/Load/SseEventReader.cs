using System.Buffers;
using System.Text;

namespace MLEnergy.Runtime.Load;

/// <summary>
/// Reads server-sent events as the WHATWG HTML standard's event-stream interpretation does: <c>field: value</c> lines
/// (one leading space dropped), comments starting with a colon skipped, <c>data</c> lines of one event joined with a
/// newline, <c>event</c> naming the type, <c>id</c> and <c>retry</c> read and ignored, and an event dispatched at the
/// blank line that ends it (an unfinished event at the end of the stream is dropped). Two departures, both for errors
/// a server reports in the stream: a field named <c>error</c>, which llama.cpp's server writes for a failure
/// mid-stream, is read as an <c>error</c> event; and an <c>error</c> event with no data, which Dynamo's frontend sends
/// with its message in a comment (<c>event: error</c>, <c>: message</c>), is dispatched with its comments as its data
/// (the first <see cref="MaxCommentBytes"/> of them). A line, or an event's data, longer than
/// <paramref name="maxLineBytes"/> (16 MiB unless given) is an <see cref="InvalidDataException"/>.
/// </summary>
internal sealed class SseEventReader(Stream stream, int maxLineBytes = SseEventReader.DefaultMaxLineBytes)
{
    /// <summary>The longest line or event data read: far above any chunk a server streams without logprobs.</summary>
    public const int DefaultMaxLineBytes = 16 * 1024 * 1024;

    /// <summary>The most comment text an event keeps, for an error event that has no data.</summary>
    public const int MaxCommentBytes = 4096;

    private static readonly byte[] Bom = [0xEF, 0xBB, 0xBF];
    private readonly SseLineReader _lines = new(stream, maxLineBytes);
    private readonly ArrayBufferWriter<byte> _data = new();
    private readonly ArrayBufferWriter<byte> _comments = new();
    private bool _first = true;

    /// <summary>The next event; <c>null</c> at the end of the stream.</summary>
    public async ValueTask<SseEvent?> ReadAsync(CancellationToken cancellationToken)
    {
        var type = string.Empty;
        var hasData = false;
        _data.ResetWrittenCount();
        _comments.ResetWrittenCount();
        while (await _lines.ReadLineAsync(cancellationToken) is { } read)
        {
            var line = read.Span;
            if (_first)
            {
                _first = false;
                line = line.StartsWith(Bom) ? line[Bom.Length..] : line;
            }

            if (line.IsEmpty)
            {
                if (hasData)
                {
                    return new SseEvent(type.Length == 0 ? "message" : type, _data.WrittenMemory.ToArray());
                }

                if (type == "error")
                {
                    return new SseEvent(type, _comments.WrittenMemory.ToArray());
                }

                type = string.Empty;
                _comments.ResetWrittenCount();
                continue;
            }

            if (line[0] == (byte)':')
            {
                KeepComment(line[1..]);
                continue;
            }

            var colon = line.IndexOf((byte)':');
            var field = colon < 0 ? line : line[..colon];
            var value = colon < 0 ? [] : line[(colon + 1)..];
            value = value.StartsWith((byte)' ') ? value[1..] : value;
            if (field.SequenceEqual("data"u8) || field.SequenceEqual("error"u8))
            {
                if (_data.WrittenCount + value.Length >= maxLineBytes)
                {
                    throw new InvalidDataException($"an event's data is longer than {maxLineBytes} bytes");
                }

                if (hasData)
                {
                    _data.Write("\n"u8);
                }

                _data.Write(value);
                hasData = true;
                type = field.SequenceEqual("error"u8) ? "error" : type;
            }
            else if (field.SequenceEqual("event"u8))
            {
                type = Encoding.UTF8.GetString(value);
            }
        }

        return null;
    }

    private void KeepComment(ReadOnlySpan<byte> comment)
    {
        comment = comment.StartsWith((byte)' ') ? comment[1..] : comment;
        var room = MaxCommentBytes - _comments.WrittenCount - 1;
        if (comment.IsEmpty || room <= 0)
        {
            return;
        }

        if (_comments.WrittenCount > 0)
        {
            _comments.Write("\n"u8);
        }

        _comments.Write(comment[..Math.Min(comment.Length, room)]);
    }
}
