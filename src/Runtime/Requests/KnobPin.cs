using System.Collections.Immutable;
using MLEnergy.Recommender.Knobs;

namespace MLEnergy.Runtime.Requests;

/// <summary>A <c>--set KNOB=V1,V2,...</c> restriction of one knob.</summary>
public sealed record KnobPin(string Knob, ImmutableArray<KnobValue> Values)
{
    public static KnobPin Parse(string text)
    {
        var equals = text.IndexOf('=', StringComparison.Ordinal);
        if (equals <= 0 || equals == text.Length - 1)
        {
            throw new OptimizeInputException($"cannot read --set '{text}': expected KNOB=VALUE or KNOB=V1,V2,...");
        }

        var values = text[(equals + 1)..]
            .Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        return values.Length == 0
            ? throw new OptimizeInputException($"cannot read --set '{text}': no value after '='")
            : new KnobPin(text[..equals].Trim(), [.. values.Select(KnobValue.Parse)]);
    }
}
