namespace MLEnergy.Profiler.Meters;

/// <summary>A source this host lacks, and why: reported as absent, never as zero joules.</summary>
public sealed record AbsentSource(string Name, string Reason);
