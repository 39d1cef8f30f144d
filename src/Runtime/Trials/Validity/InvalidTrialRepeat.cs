using MLEnergy.Recommender.Observations;

namespace MLEnergy.Runtime.Trials.Validity;

/// <summary>
/// Measures a trial again when a validity gate failed, at most <see cref="ValidityThresholds.Repeats"/> times; a
/// trial still invalid after that is reported as invalid with its reason. The host time of every attempt counts.
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
        for (var repeat = 1; observation.Invalid && repeat <= thresholds.Repeats; repeat++)
        {
            observation = await attempt(repeat, cancellationToken);
            hostTime += observation.HostTime;
        }

        var measured = observation with { HostTime = hostTime };
        return observation.Invalid && thresholds.Repeats > 0
            ? measured.AsInvalid($"{observation.InvalidReason} (measured {thresholds.Repeats + 1} times)")
            : measured;
    }
}
