using MLEnergy.Profiler.Latency;

namespace MLEnergy.Runtime.Load;

/// <summary>
/// A running load: requests go out by the arrival plan from <see cref="Start"/> until <see cref="StopAsync"/>, which
/// stops issuing and lets those in flight finish (up to a drain limit). Finished requests can be read at any time,
/// so a trial can look at its steady-state window while the load goes on.
/// </summary>
public sealed class LoadRun : IAsyncDisposable
{
    private readonly OpenAiStreamingClient _client;
    private readonly PromptSet _prompts;
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _stopIssuing = new();
    private readonly CancellationTokenSource _abort;
    private readonly List<RequestRecord> _finished = [];
    private readonly List<Task> _inFlight = [];
    private readonly List<ScheduledSend> _sends = [];
    private readonly Lock _gate = new();
    private readonly Task _dispatcher;
    private long _next;

    private LoadRun(
        OpenAiStreamingClient client,
        ArrivalPlan plan,
        PromptSet prompts,
        TimeProvider time,
        CancellationToken cancellationToken
    )
    {
        _client = client;
        _prompts = prompts;
        _time = time;
        _abort = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Origin = time.GetTimestamp();
        _dispatcher = plan switch
        {
            ClosedLoopArrivals closed => Task.WhenAll(
                Enumerable.Range(0, closed.Concurrency).Select(_ => ClosedLoopWorkerAsync())
            ),
            PoissonArrivals or TraceArrivals => Task.Run(() => OpenLoopAsync(plan), CancellationToken.None),
            _ => throw new ArgumentOutOfRangeException(nameof(plan), plan, "unknown arrival plan"),
        };
    }

    /// <summary>The timestamp every record's times are offsets from.</summary>
    public long Origin { get; }

    public TimeSpan Elapsed => _time.GetElapsedTime(Origin);

    public static LoadRun Start(
        OpenAiStreamingClient client,
        ArrivalPlan plan,
        PromptSet prompts,
        TimeProvider time,
        CancellationToken cancellationToken
    ) => new(client, plan, prompts, time, cancellationToken);

    /// <summary>The requests finished so far, in the order they finished.</summary>
    public IReadOnlyList<RequestRecord> Finished()
    {
        lock (_gate)
        {
            return [.. _finished];
        }
    }

    /// <summary>
    /// When each request of a rate-driven load (Poisson, trace) was due, as offsets from <see cref="Origin"/>; empty
    /// for closed loops, which offer no rate.
    /// </summary>
    public IReadOnlyList<TimeSpan> Offered()
    {
        lock (_gate)
        {
            return [.. _sends.Select(s => s.Due)];
        }
    }

    /// <summary>
    /// Each request of a rate-driven load sent so far: when it was due and when it went out; empty for closed loops,
    /// which keep no schedule.
    /// </summary>
    public IReadOnlyList<ScheduledSend> Sends()
    {
        lock (_gate)
        {
            return [.. _sends];
        }
    }

    /// <summary>
    /// Stops sending, waits up to <paramref name="drain"/> for requests in flight, and returns every finished request.
    /// </summary>
    public async Task<IReadOnlyList<RequestRecord>> StopAsync(TimeSpan drain)
    {
        await _stopIssuing.CancelAsync();
        var dispatcherDone = await Task.WhenAny(_dispatcher, Task.Delay(drain, CancellationToken.None)) == _dispatcher;
        Task[] pending;
        lock (_gate)
        {
            pending = [.. _inFlight, _dispatcher];
        }

        var all = Task.WhenAll(pending);
        if (!dispatcherDone || await Task.WhenAny(all, Task.Delay(drain, CancellationToken.None)) != all)
        {
            await _abort.CancelAsync();
        }

        await all.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);

        return Finished();
    }

    public async ValueTask DisposeAsync()
    {
        await _abort.CancelAsync();
        await StopAsync(TimeSpan.Zero);
        _stopIssuing.Dispose();
        _abort.Dispose();
    }

    private Prompt NextPrompt() => _prompts[Interlocked.Increment(ref _next) - 1];

    private async Task SendAsync(Prompt prompt)
    {
        try
        {
            var record = await _client.SendAsync(prompt, Origin, _abort.Token);
            lock (_gate)
            {
                _finished.Add(record);
            }
        }
        catch (OperationCanceledException)
        {
            // Cut off at the end of the run: neither a success nor the server's fault.
        }
    }

    /// <summary>
    /// Whether to send more: not once stopped, nor once cancelled (a cancelled request fails at once, so a worker that
    /// went on would spin, and before the first await it would never give <see cref="Start"/> back).
    /// </summary>
    private bool Issuing => !_stopIssuing.IsCancellationRequested && !_abort.IsCancellationRequested;

    private async Task ClosedLoopWorkerAsync()
    {
        while (Issuing)
        {
            await SendAsync(NextPrompt());
        }
    }

    private void Launch(Prompt prompt, TimeSpan due)
    {
        var sent = Elapsed;
        var task = SendAsync(prompt);
        lock (_gate)
        {
            _sends.Add(new ScheduledSend(due, sent));
            _inFlight.Add(task);
            if (_inFlight.Count > 4096)
            {
                _inFlight.RemoveAll(t => t.IsCompleted);
            }
        }
    }

    /// <summary>Sends each request of a rate-driven plan at its due time (late when the sender is behind).</summary>
    private async Task OpenLoopAsync(ArrivalPlan plan)
    {
        var trace = plan as TraceArrivals;
        var index = 0;
        foreach (var due in plan.DueTimes())
        {
            await WaitUntilAsync(due);
            if (!Issuing)
            {
                return;
            }

            Launch(trace is null ? NextPrompt() : trace.Entries[index++ % trace.Entries.Length].Prompt, due);
        }
    }

    private async Task WaitUntilAsync(TimeSpan at)
    {
        var wait = at - Elapsed;
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, _time, _stopIssuing.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }
}
