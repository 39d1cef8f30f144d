namespace MLEnergy.Runtime.Studies;

/// <summary>What a worker asks to join: the study's name, its problem (fingerprint and parts) and its budget.</summary>
public sealed record StudyDefinition(
    string Name,
    string Fingerprint,
    string Space,
    string Slo,
    string? Load,
    int? Budget
);
