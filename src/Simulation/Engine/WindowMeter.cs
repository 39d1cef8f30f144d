using MLEnergy.Simulation.Load;

namespace MLEnergy.Simulation.Engine;

/// <summary>
/// What one replica did inside the steady-state window: energy per GPU, tokens, inter-token times, requests. With an
/// <see cref="ApiServerLoop"/>, the inter-token times are those its clients see while its loops are busy.
/// </summary>
internal sealed class WindowMeter(double start, double end, int replica, ApiServerLoop? loop = null)
{
    private readonly ChunkedDelivery? delivery = loop is null ? null : new ChunkedDelivery(loop);

    public double Start { get; } = start;

    public double End { get; } = end;

    public double EnergyPerGpuJoules { get; private set; }

    public long Tokens { get; private set; }

    public double BatchSecondProduct { get; private set; }

    public double ClockSecondProduct { get; private set; }

    /// <summary>
    /// The share of the KV cache the running sequences held at the start of each step, times the step's time inside
    /// the window (idle intervals hold none).
    /// </summary>
    public double KvShareSecondProduct { get; private set; }

    /// <summary>The largest number of sequences the replica ran in one step inside the window.</summary>
    public int PeakRunning { get; private set; }

    /// <summary>The highest SM clock a step inside the window ran at (idle intervals excluded; 0: no step).</summary>
    public double PeakClockMhz { get; private set; }

    public LatencyHistogram InterTokenLatency { get; } = new();

    public List<InterTokenSample> InterTokenSamples { get; } = [];

    public List<SimulatedRequestRecord> Requests { get; } = [];

    /// <summary>Requests that arrived inside the window under a rate-driven load (zero for closed loops).</summary>
    public int Arrived { get; set; }

    /// <summary>Of <see cref="Arrived"/>, those in each whole second of the window (empty for closed loops).</summary>
    public int[] ArrivedEachSecond { get; set; } = [];

    /// <summary>
    /// An interval of GPU activity (or idleness) at a power, with a batch of decoding sequences, the sequences running
    /// (decoding or prefilling; 0 when idle), a clock and the share of the KV cache held.
    /// </summary>
    public void AddInterval(
        double from,
        double to,
        double watts,
        int batch,
        double clockMhz,
        int running = 0,
        double kvShare = 0
    )
    {
        var overlap = Math.Min(to, End) - Math.Max(from, Start);
        if (overlap <= 0)
        {
            return;
        }

        EnergyPerGpuJoules += watts * overlap;
        BatchSecondProduct += batch * overlap;
        ClockSecondProduct += clockMhz * overlap;
        KvShareSecondProduct += kvShare * overlap;
        if (running > 0)
        {
            PeakRunning = Math.Max(PeakRunning, running);
            PeakClockMhz = Math.Max(PeakClockMhz, clockMhz);
        }
    }

    public bool Contains(double time) => time > Start && time <= End;

    public void AddTokens(double time, long tokens, double interTokenSeconds, long interTokenCount)
    {
        if (!Contains(time))
        {
            return;
        }

        Tokens += tokens;
        if (interTokenCount > 0 && delivery?.Hold(time, interTokenCount, AddInterTokens) != true)
        {
            AddInterTokens(interTokenSeconds, interTokenCount);
        }
    }

    /// <summary>Counts the chunk that the API servers' loops still hold (the run is over).</summary>
    public void FlushDelivered() => delivery?.Flush(AddInterTokens);

    private void AddInterTokens(double seconds, long count)
    {
        InterTokenLatency.Add(seconds, count);
        InterTokenSamples.Add(new InterTokenSample(TimeSpan.FromSeconds(seconds), count));
    }

    public void AddRequest(long id, double arrival, double firstToken, double finish, int prompt, int output)
    {
        if (!Contains(finish))
        {
            return;
        }

        Requests.Add(
            new SimulatedRequestRecord(
                id,
                replica,
                TimeSpan.FromSeconds(arrival),
                TimeSpan.FromSeconds(firstToken - arrival),
                TimeSpan.FromSeconds(finish - arrival),
                prompt,
                output
            )
        );
    }
}
