using MLEnergy.Recommender.Spaces;
using MLEnergy.Runtime.Requests;
using MLEnergy.Runtime.Stores;

namespace MLEnergy.Runtime.Studies;

/// <summary>
/// What makes hosts able to share one study: the run's problem (<see cref="RunFingerprint"/>: space, target, model,
/// GPU, SLO, pinned knobs, throughput floor, load and workload). Hosts of one study must be alike (same GPU kind,
/// model and serving engine version).
/// </summary>
public static class StudyFingerprint
{
    public static string Of(OptimizeRequest request, SearchSpace space) => RunFingerprint.Of(request, space);
}
