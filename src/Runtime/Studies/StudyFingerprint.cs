using MLEnergy.Recommender.Spaces;
using MLEnergy.Runtime.Requests;
using MLEnergy.Runtime.Stores;

namespace MLEnergy.Runtime.Studies;

/// <summary>
/// What makes hosts able to share one study: the run's problem (space, target, model, GPU, SLO, pinned knobs) under
/// the same load and workload. Hosts of one study must be alike (same GPU kind, model and serving engine version).
/// </summary>
public static class StudyFingerprint
{
    public static string Of(OptimizeRequest request, SearchSpace space) =>
        string.Join("|", RunFingerprint.Of(request, space), request.Load ?? "-", request.Workload ?? "-");
}
