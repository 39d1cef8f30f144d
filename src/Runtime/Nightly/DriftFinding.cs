using System.Globalization;

namespace MLEnergy.Runtime.Nightly;

/// <summary>One metric of one configuration, before (history) and now (re-measured), and whether it drifted.</summary>
public sealed record DriftFinding(
    string Role,
    string Configuration,
    string Metric,
    double Before,
    double After,
    double HalfWidth,
    double Floor,
    bool Drifted
)
{
    public double ChangePercent => Before == 0 ? 0 : 100 * (After - Before) / Before;

    public override string ToString() =>
        string.Create(
            CultureInfo.InvariantCulture,
            $"{Metric} of the {Role} ({Configuration}) {(Drifted ? "moved" : "held")}: {Before:0.####} -> "
                + $"{After:0.####} ({ChangePercent:+0.0;-0.0;0.0} %); 95 % interval of the change "
                + $"±{HalfWidth:0.####}, noise floor ±{Floor:0.####}"
        );
}
