using System.Collections.Concurrent;
using System.Collections.Immutable;
using MLEnergy.Recommender.Evaluation;
using MLEnergy.Recommender.Observations;

namespace MLEnergy.Runtime.Tests.Studies;

/// <summary>
/// Measures every trial alike, and holds a repeat (repetition 1 or later) until <paramref name="together"/> trials are
/// being measured at once, or a minute has passed (so that a study that never measures them together ends and fails
/// its assertions instead of hanging). Counts the most trials measured at once and the repetitions asked for.
/// </summary>
internal sealed class OverlapEvaluator(int together) : IEvaluator
{
    private readonly TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _running;
    private int _most;

    public ConcurrentBag<int> Repetitions { get; } = [];

    public int MostAtOnce => Volatile.Read(ref _most);

    public string Description => "overlap probe";

    public IReadOnlyCollection<string> MetricNames { get; } = ["energy_per_token_j", "itl_p50_ms"];

    public async Task<Observation> EvaluateAsync(TrialRequest request, CancellationToken cancellationToken)
    {
        Repetitions.Add(request.Repetition);
        var running = Interlocked.Increment(ref _running);
        InterlockedMax(running);
        if (running >= together)
        {
            _reached.TrySetResult();
        }

        try
        {
            if (request.Repetition > 0)
            {
                await WaitForOthersAsync(cancellationToken);
            }

            var metrics = ImmutableDictionary<string, double>
                .Empty.Add("energy_per_token_j", 0.2)
                .Add("itl_p50_ms", 20);
            return new Observation(request.Configuration, metrics) { HostTime = TimeSpan.FromMinutes(5) };
        }
        finally
        {
            Interlocked.Decrement(ref _running);
        }
    }

    private async Task WaitForOthersAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _reached.Task.WaitAsync(TimeSpan.FromMinutes(1), cancellationToken);
        }
        catch (TimeoutException)
        {
            // Measured alone: MostAtOnce says so.
        }
    }

    private void InterlockedMax(int value)
    {
        var seen = Volatile.Read(ref _most);
        while (value > seen && Interlocked.CompareExchange(ref _most, value, seen) is var was && was != seen)
        {
            seen = was;
        }
    }
}
