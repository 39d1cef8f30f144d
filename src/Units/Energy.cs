using System.Globalization;

namespace MLEnergy.Units;

/// <summary>An amount of energy. Construct with <c>From*</c>; read with the unit-named properties.</summary>
public readonly record struct Energy : IComparable<Energy>
{
    private Energy(double joules) => Joules = joules;

    public static Energy Zero { get; } = new(0);

    public double Joules { get; }

    public double Millijoules => Joules * 1e3;

    public double Microjoules => Joules * 1e6;

    public double KilowattHours => Joules / 3.6e6;

    public static Energy FromJoules(double joules) => new(joules);

    public static Energy FromMillijoules(double millijoules) => new(millijoules / 1e3);

    public static Energy FromMicrojoules(double microjoules) => new(microjoules / 1e6);

    public static Energy FromKilowattHours(double kilowattHours) => new(kilowattHours * 3.6e6);

    public static Energy operator +(Energy left, Energy right) => new(left.Joules + right.Joules);

    public static Energy operator -(Energy left, Energy right) => new(left.Joules - right.Joules);

    public static Energy operator *(Energy energy, double factor) => new(energy.Joules * factor);

    /// <summary>Average power over a span of time.</summary>
    public static Power operator /(Energy energy, TimeSpan duration) => energy.Per(duration);

    public static bool operator <(Energy left, Energy right) => left.Joules < right.Joules;

    public static bool operator >(Energy left, Energy right) => left.Joules > right.Joules;

    public static bool operator <=(Energy left, Energy right) => left.Joules <= right.Joules;

    public static bool operator >=(Energy left, Energy right) => left.Joules >= right.Joules;

    public static Energy Add(Energy left, Energy right) => left + right;

    public static Energy Subtract(Energy left, Energy right) => left - right;

    public static Energy Multiply(Energy energy, double factor) => energy * factor;

    public static Power Divide(Energy energy, TimeSpan duration) => energy.Per(duration);

    /// <summary>Average power over <paramref name="duration"/>; zero for an empty span.</summary>
    public Power Per(TimeSpan duration) =>
        duration <= TimeSpan.Zero ? Power.Zero : Power.FromWatts(Joules / duration.TotalSeconds);

    public int CompareTo(Energy other) => Joules.CompareTo(other.Joules);

    public override string ToString() => Joules.ToString("0.###", CultureInfo.InvariantCulture) + " J";
}
