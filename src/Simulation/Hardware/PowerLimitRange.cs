namespace MLEnergy.Simulation.Hardware;

/// <summary>
/// The power management limits a GPU accepts, in watts, and the one it boots with. When a limit binds, the
/// GPU's controller holds average power a <see cref="CappingMargin"/> fraction under it (to keep peaks within
/// the limit), and lowers the SM clock no further than <see cref="CappingFloorMhz"/> (null: the lowest clock).
/// </summary>
public sealed record PowerLimitRange(
    double MinWatts,
    double MaxWatts,
    double DefaultWatts,
    double CappingMargin = 0,
    int? CappingFloorMhz = null
)
{
    public bool Contains(double watts) => watts >= MinWatts && watts <= MaxWatts;
}
