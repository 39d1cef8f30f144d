using System.Globalization;

namespace MLEnergy.Units;

/// <summary>A rate of energy. Construct with <c>From*</c>; read with the unit-named properties.</summary>
public readonly record struct Power : IComparable<Power>
{
    private Power(double watts) => Watts = watts;

    public static Power Zero { get; } = new(0);

    public double Watts { get; }

    public double Milliwatts => Watts * 1e3;

    public double Kilowatts => Watts / 1e3;

    public static Power FromWatts(double watts) => new(watts);

    public static Power FromMilliwatts(double milliwatts) => new(milliwatts / 1e3);

    public static Power FromKilowatts(double kilowatts) => new(kilowatts * 1e3);

    public static Power operator +(Power left, Power right) => new(left.Watts + right.Watts);

    public static Power operator -(Power left, Power right) => new(left.Watts - right.Watts);

    /// <summary>Energy spent at this power for a span of time.</summary>
    public static Energy operator *(Power power, TimeSpan duration) => power.Over(duration);

    public static bool operator <(Power left, Power right) => left.Watts < right.Watts;

    public static bool operator >(Power left, Power right) => left.Watts > right.Watts;

    public static bool operator <=(Power left, Power right) => left.Watts <= right.Watts;

    public static bool operator >=(Power left, Power right) => left.Watts >= right.Watts;

    public static Power Add(Power left, Power right) => left + right;

    public static Power Subtract(Power left, Power right) => left - right;

    public static Energy Multiply(Power power, TimeSpan duration) => power.Over(duration);

    public static Power Max(Power left, Power right) => left >= right ? left : right;

    /// <summary>Energy spent at this power for <paramref name="duration"/>.</summary>
    public Energy Over(TimeSpan duration) => Energy.FromJoules(Watts * duration.TotalSeconds);

    public int CompareTo(Power other) => Watts.CompareTo(other.Watts);

    public override string ToString() => Watts.ToString("0.#", CultureInfo.InvariantCulture) + " W";
}
