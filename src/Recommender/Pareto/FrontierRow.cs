using System.Collections.Immutable;
using MLEnergy.Recommender.Observations;

namespace MLEnergy.Recommender.Pareto;

/// <summary>
/// One row of the frontier as a person reads it: a configuration, or several that differ only in one knob that
/// did not bind (<see cref="SpreadKnob"/>; e.g. power limits above what the GPU drew) and measured the same.
/// </summary>
public sealed record FrontierRow(Observation Representative, ImmutableArray<Observation> Members, string? SpreadKnob)
{
    /// <summary>
    /// The text of a knob's value in this row: the value, or <c>low..high</c> for the knob that did not bind.
    /// </summary>
    public string ValueText(string knob)
    {
        if (knob != SpreadKnob)
        {
            return Representative.Configuration.TryGet(knob, out var value) ? value.Text : "-";
        }

        var values = Members.Select(m => m.Configuration[knob]).Order().ToList();
        return $"{values[0].Text}..{values[^1].Text}";
    }
}
