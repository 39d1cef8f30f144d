namespace MLEnergy.Runtime.Tests.Support;

/// <summary>
/// A recorded server-sent-event stream cut into its events, byte for byte, for test servers that replay it event by
/// event (also compiled into the integration tests).
/// </summary>
internal static class SseEventSplitter
{
    /// <summary>Splits a stream after every blank line (CRLF counting as one line end).</summary>
    public static List<byte[]> Events(byte[] stream)
    {
        var events = new List<byte[]>();
        var from = 0;
        var lineStart = 0;
        for (var i = 0; i < stream.Length; i++)
        {
            if (stream[i] is not ((byte)'\r' or (byte)'\n'))
            {
                continue;
            }

            var blank = i == lineStart;
            i += stream[i] == (byte)'\r' && i + 1 < stream.Length && stream[i + 1] == (byte)'\n' ? 1 : 0;
            lineStart = i + 1;
            if (blank)
            {
                events.Add(stream[from..lineStart]);
                from = lineStart;
            }
        }

        if (from < stream.Length)
        {
            events.Add(stream[from..]);
        }

        return events;
    }
}
