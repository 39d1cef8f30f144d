namespace MLEnergy.Runtime.Load;

/// <summary>
/// Splits a server-sent-events byte stream into lines without decoding them to strings. A line ends at CRLF, LF or a
/// lone CR, as the WHATWG event-stream grammar allows; a CRLF split across two reads is still one line end. Bytes
/// already searched for a line end are not searched again, so a long line costs time in proportion to its length; a
/// line longer than <paramref name="maxLineBytes"/> is an <see cref="InvalidDataException"/>, not unbounded memory.
/// </summary>
internal sealed class SseLineReader(Stream stream, int maxLineBytes)
{
    private byte[] _buffer = new byte[16 * 1024];
    private int _start;
    private int _scanned;
    private int _end;
    private bool _afterCr;
    private bool _eof;

    /// <summary>The next line without its terminator; <c>null</c> at the end of the stream.</summary>
    public async ValueTask<ReadOnlyMemory<byte>?> ReadLineAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            if (_afterCr && _start < _end)
            {
                _afterCr = false;
                if (_buffer[_start] == (byte)'\n')
                {
                    _start++;
                }
            }

            var from = Math.Max(_start, _scanned);
            var found = _buffer.AsSpan(from, _end - from).IndexOfAny((byte)'\n', (byte)'\r');
            if (found >= 0)
            {
                var terminator = from + found;
                var line = _buffer.AsMemory(_start, terminator - _start);
                _afterCr = _buffer[terminator] == (byte)'\r';
                _start = terminator + 1;
                _scanned = _start;
                return line;
            }

            _scanned = _end;
            if (_end - _start > maxLineBytes)
            {
                throw new InvalidDataException($"a line of the event stream is longer than {maxLineBytes} bytes");
            }

            if (_eof)
            {
                if (_end == _start)
                {
                    return null;
                }

                var rest = _buffer.AsMemory(_start, _end - _start);
                _start = _end;
                return rest;
            }

            Compact();
            var read = await stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken);
            _eof = read == 0;
            _end += read;
        }
    }

    private void Compact()
    {
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _scanned -= _start;
            _start = 0;
        }

        if (_end == _buffer.Length)
        {
            Array.Resize(ref _buffer, _buffer.Length * 2);
        }
    }
}
