using MLEnergy.Recommender.Evaluation;
using MLEnergy.Recommender.Knobs;
using MLEnergy.Recommender.Observations;
using MLEnergy.Recommender.Search;
using MLEnergy.Recommender.Search.Parallel;
using MLEnergy.Recommender.Spaces;
using MLEnergy.Runtime.Optimize;
using MLEnergy.Runtime.Stores;
using MLEnergy.Units;

namespace MLEnergy.Runtime.Studies;

/// <summary>
/// One worker of a shared study: read the study's finished and pending trials, let the strategy propose (asking
/// again with the pending ones fantasised, <see cref="ConstantLiar"/>, when it proposes one of them; a repeat it
/// still asks for then is claimed, so that confirmations run side by side), claim the proposal, measure it while a
/// heartbeat keeps the claim alive, keep the result. When the study's budget (trials across all workers) is spent or
/// the strategy stops, the study finishes if nothing is pending; otherwise it is stopping (<see cref="StudyStatus"/>):
/// nothing new is proposed, claims released unmeasured are still measured, and once nothing is pending the study
/// finishes, unless the trials that came back changed the answer (<see cref="StudyAnswer"/>), which opens it again
/// for the strategy. The run's result is then the study's trials, the same on every worker. A worker stopped
/// mid-trial gives its claim back.
/// </summary>
public sealed class StudyMeasurement(
    StudyStore store,
    StudySettings settings,
    TuningRequest request,
    ISearchStrategy strategy,
    string worker,
    TimeProvider time
) : IRunMeasurement
{
    /// <summary>Told of each claim this worker takes, at once (the fleet bench times studies from it).</summary>
    public IProgress<ClaimedTrial>? Claims { get; init; }

    public async Task<TuningRun> MeasureAsync(
        IEvaluator evaluator,
        RunSession session,
        IProgress<TrialProgress>? progress,
        CancellationToken cancellationToken
    )
    {
        var space = request.Space;
        var candidates = space.Enumerate().ToList();
        var measurable = TrialProgress.MeasurableConfigurations(space, candidates);
        var (measured, restarts, hostTime) = (0, 0, TimeSpan.Zero);
        Configuration? current = null;
        string stopReason;
        await using var signal = await store.ListenAsync(settings.Name, cancellationToken);
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var snapshot = await store.ReadAsync(settings.Name, settings.ClaimTimeout, cancellationToken);
            if (snapshot.Study.Finished)
            {
                stopReason = snapshot.Study.StopReason ?? "the study is finished";
                break;
            }

            var (next, stop) =
                snapshot.Study.Status == StudyStatus.Stopping
                    ? (snapshot.Unmeasured.Count > 0 ? snapshot.Unmeasured[0].Trial : null, null)
                    : Propose(snapshot, candidates, current);
            if (next is null)
            {
                if (!await SettleAsync(snapshot, stop, cancellationToken))
                {
                    await signal.WaitAsync(settings.PollInterval, cancellationToken);
                }

                continue;
            }

            var claim = await store.TryClaimAsync(
                settings.Name,
                worker,
                next,
                snapshot.NextRepetition(next.Configuration),
                settings.ClaimTimeout,
                cancellationToken
            );
            if (claim is null)
            {
                continue;
            }

            Claims?.Report(new ClaimedTrial(claim, snapshot.Done.Count));

            var observation = await MeasureClaimAsync(evaluator, claim, cancellationToken);
            if (!await store.CompleteAsync(claim, observation, CancellationToken.None))
            {
                // The claim outlived its timeout and was released: another worker measures it; this result is dropped.
                continue;
            }

            var restarted = RestartOrder.NeedsRestart(space, current, next.Configuration);
            (measured, restarts, hostTime, current) = (
                measured + 1,
                restarts + (restarted ? 1 : 0),
                hostTime + observation.HostTime,
                next.Configuration
            );
            var trial = new TrialProgress(measured, measurable, observation, restarted)
            {
                Budget = request.MaxTrials,
                RunTrials = [.. snapshot.Observations, observation],
            };
            await session.RecordAsync(trial, CancellationToken.None);
            progress?.Report(trial);
        }

        var study = await store.ReadAsync(settings.Name, settings.ClaimTimeout, CancellationToken.None);
        return new TuningRun(study.Observations, measured, candidates.Count, strategy.Name, stopReason, restarts)
        {
            HostTime = hostTime,
            Hypervolume = FrontierHypervolume.Of(study.Observations, request.Slo, space.Objective.MetricName()),
            Seed = strategy.Seed,
            Slo = request.Slo,
            Shared = true,
            Twins = CapTwins.Of(space, study.Observations),
        };
    }

    /// <summary>
    /// With nothing to claim: an open study the strategy <paramref name="stop"/>s finishes, or, with trials still
    /// pending or owed, begins to stop; a stopping one with nothing pending finishes, or opens again when the trials
    /// that came back changed the answer. False when there is nothing to do but wait for the study to change.
    /// </summary>
    private async Task<bool> SettleAsync(StudySnapshot snapshot, string? stop, CancellationToken cancellationToken)
    {
        var settled = snapshot.Pending.Count == 0 && snapshot.Unmeasured.Count == 0;
        if (snapshot.StopPoint is { } point)
        {
            if (!settled)
            {
                return false;
            }

            var (atStop, now) = (
                StudyAnswer.Of([.. snapshot.Observations.Take(point)], request),
                StudyAnswer.Of(snapshot.Observations, request)
            );
            if (!Equals(atStop, now))
            {
                return await store.TryReopenAsync(settings.Name, cancellationToken);
            }

            var after = snapshot.Done.Count - point;
            var held = after == 1 ? "the trial" : $"the {after} trials";
            var reason =
                after == 0
                    ? snapshot.Study.StopReason ?? "the strategy stopped"
                    : $"{snapshot.Study.StopReason}; {held} still being measured then did not change the answer";
            return await store.TryFinishAsync(settings.Name, reason, settings.ClaimTimeout, cancellationToken);
        }

        return stop is not null
            && (
                settled
                    ? await store.TryFinishAsync(settings.Name, stop, settings.ClaimTimeout, cancellationToken)
                    : await store.TryStopAsync(settings.Name, stop, snapshot.Done.Count, cancellationToken)
            );
    }

    /// <summary>The next trial to claim, or null and why the study should stop (null: wait for the others).</summary>
    private (PendingTrial? Next, string? Stop) Propose(
        StudySnapshot snapshot,
        IReadOnlyList<Configuration> candidates,
        Configuration? current
    )
    {
        var budget = snapshot.Study.Budget ?? int.MaxValue;
        var (done, pending) = (snapshot.Done.Count, snapshot.Pending.Count);
        var spent = $"the study's budget of {CountText.Of(budget, "trial")} is spent";
        if (done + pending >= budget)
        {
            return (null, spent);
        }

        if (
            request.Space.Baseline is { } baseline
            && !snapshot.Observations.Any(o => o.Configuration.Equals(baseline))
            && !snapshot.Pending.Any(p => p.Configuration.Equals(baseline))
        )
        {
            return (new PendingTrial(baseline, TrialFidelity.Full), spent);
        }

        var state = new SearchState(
            request.Space,
            candidates,
            snapshot.Observations,
            request.Slo,
            budget - done - pending
        )
        {
            Current = current,
            Throughput = request.Throughput?.Resolve(snapshot.Observations),
        };
        // A proposal another worker is already measuring is asked for again with the pending trials fantasised. The
        // study stops when the finished trials say stop, or when the strategy wants nothing beyond what is being
        // measured: nothing more is proposed, and the results that come back open it again only if they change the
        // answer (SettleAsync).
        var decision = strategy.Next(state);
        if (
            decision.Configuration is { } proposed
            && snapshot.Pending.Any(p => p.Configuration.Equals(proposed) && p.Fidelity == decision.Fidelity)
        )
        {
            decision = strategy.Next(ConstantLiar.WithPending(state, snapshot.Pending));
            // A repeat the strategy asks for even with the trials being measured believed done (a repeat as the mean
            // of its configuration's trials so far) is claimed at once: the confirmations of the best run side by side
            // instead of one after another while the other workers wait. A configuration measured for the first time
            // that the strategy asks for again is waited for.
            if (
                decision.Configuration is { } again
                && snapshot.Pending.Any(p => p.Configuration.Equals(again))
                && !state.IsMeasured(again)
            )
            {
                return (null, null);
            }
        }

        return decision.Configuration is { } configuration
            ? (new PendingTrial(configuration, decision.Fidelity), spent)
            : (null, decision.StopReason ?? "the strategy stopped");
    }

    private async Task<Observation> MeasureClaimAsync(
        IEvaluator evaluator,
        StudyClaim claim,
        CancellationToken cancellationToken
    )
    {
        await using var heartbeat = new ClaimHeartbeat(store, claim, settings.HeartbeatInterval, time);
        try
        {
            return await evaluator.EvaluateAsync(
                new TrialRequest(claim.Trial.Configuration, claim.Trial.Fidelity, claim.Repetition),
                cancellationToken
            );
        }
        catch (Exception)
        {
            await store.ReleaseAsync(claim, CancellationToken.None);
            throw;
        }
    }
}
