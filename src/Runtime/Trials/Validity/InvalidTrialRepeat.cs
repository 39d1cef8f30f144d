using MLEnergy.Recommender.Observations;

namespace MLEnergy.Runtime.Trials.Validity;

/// <summary>
/// Measures a trial again when a validity gate failed, at most <see cref="ValidityThresholds.Repeats"/> times; a
/// trial still invalid after that is reported as invalid with its reason. The host time of every attempt counts. A
/// trial short only of samples (its verdict undecided at the longest window) is not repeated here: its measurement
/// stands, and the search decides whether another trial, pooled with it, is worth its host time.
/// </summary>
public static class InvalidTrialRepeat
{
    public static async Task<Observation> RunAsync(
        Func<int, CancellationToken, Task<Observation>> attempt,
        ValidityThresholds thresholds,
        CancellationToken cancellationToken
    )
    {
        var observation = await attempt(0, cancellationToken);
        var hostTime = observation.HostTime;
        var repeated = 0;
        for (; observation.Invalid && !observation.ShortOfSamples && repeated < thresholds.Repeats; repeated++)
        {
            observation = await attempt(repeated + 1, cancellationToken);
            hostTime += observation.HostTime;
        }

        var measured = observation with { HostTime = hostTime };
        return observation.Invalid && repeated > 0
            ? measured.AsInvalid($"{observation.InvalidReason} (measured {repeated + 1} times)")
            : measured;
    }
}
