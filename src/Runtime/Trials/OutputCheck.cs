using System.Collections.Immutable;

namespace MLEnergy.Runtime.Trials;

/// <summary>
/// Whether the recommended configuration generates what the baseline does: the same fixed probes, sent at
/// temperature 0 to both, compared token for token (as streamed).
/// </summary>
public sealed record OutputCheck(int Probes, int Matching, ImmutableArray<string> Differences)
{
    public double MatchRate => Probes == 0 ? 0 : (double)Matching / Probes;

    public string Summary =>
        FormattableString.Invariant(
            $"output check: {Matching} of {Probes} probes generated the same tokens on the recommended "
        ) + FormattableString.Invariant($"configuration as on the baseline ({MatchRate:P0})");
}
