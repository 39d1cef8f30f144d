using System.Collections.Immutable;

namespace MLEnergy.Recommender.Reports;

/// <summary>
/// What a report needs beyond the result: the electricity price and carbon intensity, and notes to show first.
/// </summary>
public sealed record ReportOptions
{
    public static ReportOptions Default { get; } = new();

    /// <summary>Price of one kWh (any currency); null leaves cost out.</summary>
    public double? PricePerKwh { get; init; }

    /// <summary>Grams of CO2-equivalent emitted per kWh; null leaves emissions out.</summary>
    public double? GramsCo2PerKwh { get; init; }

    /// <summary>Lines shown at the top under a heading (e.g. what a nightly check found drifted).</summary>
    public ImmutableArray<string> Notes { get; init; } = [];

    public string NotesHeading { get; init; } = "Notes";

    /// <summary>The run's id in the history, for the apply commands the report names; null when not known.</summary>
    public string? RunId { get; init; }

    /// <summary>The plan per load level this run heads, shown first with its comparison plot; null for none.</summary>
    public Plans.LoadPlanEvaluation? LoadPlan { get; init; }

    /// <summary>
    /// Whether the run measured a host the recommendation can be applied to (not simulated or replayed).
    /// </summary>
    public bool HostCanApply { get; init; } = true;

    /// <summary>The GPU facts the apply commands use (lowest clock, default power limit); unknown by default.</summary>
    public ApplyGpuFacts GpuFacts { get; init; } = ApplyGpuFacts.Unknown;
}
