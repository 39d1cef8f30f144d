namespace MLEnergy.Runtime.Stores;

/// <summary>
/// Why a run was made: a tuning, a nightly re-measurement that confirmed, or a nightly re-tuning after drift.
/// </summary>
public enum RunKind
{
    Tune,
    NightlyCheck,
    NightlyRetune,
}
