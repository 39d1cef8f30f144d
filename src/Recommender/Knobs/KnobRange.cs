using System.Collections.Immutable;

namespace MLEnergy.Recommender.Knobs;

/// <summary>Expands <c>{ min, max, step }</c> into the knob's allowed values, both ends included.</summary>
public static class KnobRange
{
    public const int MaxValues = 100_000;

    public static ImmutableArray<KnobValue> Expand(double min, double max, double step)
    {
        if (step <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(step), "step must be positive");
        }

        if (max < min)
        {
            throw new ArgumentOutOfRangeException(nameof(max), "max must not be below min");
        }

        var count = (long)Math.Floor(((max - min) / step) + 1e-9) + 1;
        if (count > MaxValues)
        {
            throw new ArgumentOutOfRangeException(
                nameof(step),
                $"the range has {count} values; at most {MaxValues} are allowed"
            );
        }

        var values = ImmutableArray.CreateBuilder<KnobValue>((int)count + 1);
        for (long i = 0; i < count; i++)
        {
            values.Add(KnobValue.Of(Math.Round(min + (i * step), 9)));
        }

        if (values[^1].Number < max - 1e-9)
        {
            values.Add(KnobValue.Of(max));
        }

        return values.ToImmutable();
    }
}
