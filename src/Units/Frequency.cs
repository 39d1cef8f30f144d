using System.Globalization;

namespace MLEnergy.Units;

/// <summary>A clock frequency. Construct with <c>From*</c>; read with the unit-named properties.</summary>
public readonly record struct Frequency : IComparable<Frequency>
{
    private Frequency(double hertz) => Hertz = hertz;

    public double Hertz { get; }

    public double Megahertz => Hertz / 1e6;

    public double Gigahertz => Hertz / 1e9;

    public static Frequency FromHertz(double hertz) => new(hertz);

    public static Frequency FromMegahertz(double megahertz) => new(megahertz * 1e6);

    public static Frequency FromGigahertz(double gigahertz) => new(gigahertz * 1e9);

    public static bool operator <(Frequency left, Frequency right) => left.Hertz < right.Hertz;

    public static bool operator >(Frequency left, Frequency right) => left.Hertz > right.Hertz;

    public static bool operator <=(Frequency left, Frequency right) => left.Hertz <= right.Hertz;

    public static bool operator >=(Frequency left, Frequency right) => left.Hertz >= right.Hertz;

    public int CompareTo(Frequency other) => Hertz.CompareTo(other.Hertz);

    public override string ToString() => Megahertz.ToString("0.###", CultureInfo.InvariantCulture) + " MHz";
}
