namespace MLEnergy.Runtime.Stores;

/// <summary>Where a run stands: still running (or killed), interrupted (Ctrl-C), or finished.</summary>
public enum RunStatus
{
    Running,
    Interrupted,
    Finished,
}
