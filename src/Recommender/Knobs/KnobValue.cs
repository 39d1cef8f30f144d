using System.Globalization;

namespace MLEnergy.Recommender.Knobs;

/// <summary>One setting of a knob: a number (clock, limit, batch size) or a word (GPU model).</summary>
public readonly record struct KnobValue : IComparable<KnobValue>
{
    private KnobValue(string text, double? number)
    {
        Text = text;
        Number = number;
    }

    public string Text { get; }

    public double? Number { get; }

    public bool IsNumber => Number.HasValue;

    public static KnobValue Of(double number) => new(number.ToString("R", CultureInfo.InvariantCulture), number);

    public static KnobValue Parse(string text)
    {
        var trimmed = text.Trim();
        return double.TryParse(trimmed, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
            ? new KnobValue(number.ToString("R", CultureInfo.InvariantCulture), number)
            : new KnobValue(trimmed, null);
    }

    public int CompareTo(KnobValue other) =>
        (Number, other.Number) switch
        {
            ({ } a, { } b) => a.CompareTo(b),
            (null, null) => string.CompareOrdinal(Text, other.Text),
            (null, _) => 1,
            _ => -1,
        };

    public override string ToString() => Text;

    public static bool operator <(KnobValue left, KnobValue right) => left.CompareTo(right) < 0;

    public static bool operator >(KnobValue left, KnobValue right) => left.CompareTo(right) > 0;

    public static bool operator <=(KnobValue left, KnobValue right) => left.CompareTo(right) <= 0;

    public static bool operator >=(KnobValue left, KnobValue right) => left.CompareTo(right) >= 0;
}
