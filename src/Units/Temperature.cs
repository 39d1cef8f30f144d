using System.Globalization;

namespace MLEnergy.Units;

/// <summary>A temperature. Construct with <see cref="FromCelsius"/>; read with <see cref="Celsius"/>.</summary>
public readonly record struct Temperature : IComparable<Temperature>
{
    private Temperature(double celsius) => Celsius = celsius;

    public double Celsius { get; }

    public static Temperature FromCelsius(double celsius) => new(celsius);

    public static bool operator <(Temperature left, Temperature right) => left.Celsius < right.Celsius;

    public static bool operator >(Temperature left, Temperature right) => left.Celsius > right.Celsius;

    public static bool operator <=(Temperature left, Temperature right) => left.Celsius <= right.Celsius;

    public static bool operator >=(Temperature left, Temperature right) => left.Celsius >= right.Celsius;

    public int CompareTo(Temperature other) => Celsius.CompareTo(other.Celsius);

    public override string ToString() => Celsius.ToString("0.#", CultureInfo.InvariantCulture) + " °C";
}
