namespace MLEnergy.Runtime.Stores;

/// <summary>
/// A run as the store keeps it. The fingerprint (<see cref="RunFingerprint"/>) tells which runs
/// tuned the same thing: resume continues one, a nightly check compares with the last one.
/// </summary>
public sealed record RunRecord(
    string Id,
    string HostId,
    string Fingerprint,
    string Space,
    string Target,
    string? Model,
    string? Gpu,
    string Slo,
    string Folder,
    RunKind Kind,
    DateTimeOffset StartedAt
);
