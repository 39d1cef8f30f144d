using MLEnergy.Simulation.Load;

namespace MLEnergy.Simulation.Engine;

/// <summary>
/// The inter-token times clients see while the API servers' loops are busy (see <see cref="ApiServerLoop"/>): the
/// tokens of the steps that end during one request's processing arrive together when it ends, so each stream that
/// got tokens sees one gap (since its previous chunk) and a zero for each further token, as the benchmark's client
/// counts a chunk of several tokens.
/// </summary>
internal sealed class ChunkedDelivery(ApiServerLoop loop)
{
    private double pendingAt = double.NaN;
    private double lastDelivered;
    private long decodingStreams;
    private long joiningStreams;
    private long gaps;

    /// <summary>
    /// Holds the <paramref name="count"/> inter-token times of a step that ended at <paramref name="time"/> for
    /// the chunk they reach their clients in; false once the loops are free (the times count as they are).
    /// </summary>
    /// <param name="emit">Where a finished chunk's gaps go: (gap seconds, count).</param>
    public bool Hold(double time, long count, Action<double, long> emit)
    {
        var at = loop.DeliveryTime(time);
        if (at != pendingAt)
        {
            Flush(emit);
        }

        if (time >= loop.BusyUntil)
        {
            return false;
        }

        pendingAt = at;
        gaps += count;
        if (count == 1)
        {
            joiningStreams++;
        }
        else
        {
            decodingStreams = Math.Max(decodingStreams, count);
        }

        return true;
    }

    /// <summary>Hands on the chunk being gathered, if any.</summary>
    public void Flush(Action<double, long> emit)
    {
        if (gaps == 0)
        {
            return;
        }

        var streams = Math.Min(gaps, decodingStreams + joiningStreams);
        emit(pendingAt - lastDelivered, streams);
        if (gaps > streams)
        {
            emit(0, gaps - streams);
        }

        lastDelivered = pendingAt;
        pendingAt = double.NaN;
        gaps = decodingStreams = joiningStreams = 0;
    }
}
