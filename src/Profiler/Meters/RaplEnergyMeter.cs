using MLEnergy.Profiler.Rapl;
using MLEnergy.Units;

namespace MLEnergy.Profiler.Meters;

/// <summary>
/// CPU package and DRAM energy from RAPL. Counters wrap at <c>max_energy_range_uj</c>; every read adds the wrapped
/// difference, so reads must come more often than one wrap (minutes at full load).
/// </summary>
public sealed class RaplEnergyMeter : IEnergyMeter
{
    /// <summary>RAPL's counters update about every millisecond.</summary>
    public static readonly TimeSpan CounterUpdatePeriod = TimeSpan.FromMilliseconds(1);

    private readonly RaplDomain[] _domains;
    private readonly Energy[] _last;
    private readonly Energy[] _accumulated;
    private readonly Lock _gate = new();

    public RaplEnergyMeter(RaplReader reader)
    {
        var found = reader.FindDomains().Where(d => d.Kind is RaplDomainKind.Package or RaplDomainKind.Dram).ToArray();
        var absent = new List<AbsentSource>();
        if (found.Length == 0)
        {
            absent.Add(new AbsentSource("cpu", $"no RAPL package or DRAM domain under {reader.Root}"));
        }

        absent.AddRange(found.Where(d => !d.IsReadable).Select(d => new AbsentSource(d.SourceName, d.Unreadable!)));
        _domains = found.Where(d => d.IsReadable).ToArray();
        _last = _domains.Select(RaplReader.ReadCounter).ToArray();
        _accumulated = new Energy[_domains.Length];
        var sources = _domains
            .Select(d => new EnergySource(
                d.SourceName,
                d.Kind == RaplDomainKind.Package ? EnergySourceKind.CpuPackage : EnergySourceKind.Dram,
                d.Package,
                EnergyMethod.Counter,
                CounterUpdatePeriod
            ))
            .ToArray();
        Inventory = new MeterInventory(sources, absent);
    }

    public MeterInventory Inventory { get; }

    public IReadOnlyList<Energy> Read()
    {
        lock (_gate)
        {
            for (var i = 0; i < _domains.Length; i++)
            {
                var now = RaplReader.ReadCounter(_domains[i]);
                _accumulated[i] += RaplParser.Delta(_last[i], now, _domains[i].MaxRange);
                _last[i] = now;
            }

            return [.. _accumulated];
        }
    }

    public Power? ReadPower(EnergySource source) => null;
}
