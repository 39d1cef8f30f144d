namespace MLEnergy.Runtime.Stores;

/// <summary>One line of the history: the run, how far it got, and what it recommended.</summary>
public sealed record RunSummary(RunRecord Run, RunStatus Status, int Trials, RunCompletion? Completion)
{
    public bool IsResumable => Status != RunStatus.Finished && Run.Kind == RunKind.Tune;
}
