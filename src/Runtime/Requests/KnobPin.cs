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

        var values = text[(equals + 1)..].Split(',', StringSplitOptions.TrimEntries);
        if (values.Any(v => v.Length == 0))
        {
            throw new OptimizeInputException($"cannot read --set '{text}': an empty value between commas");
        }

        return values.Distinct(StringComparer.Ordinal).Count() == values.Length
            ? new KnobPin(text[..equals].Trim(), [.. values.Select(KnobValue.Parse)])
            : throw new OptimizeInputException($"cannot read --set '{text}': a value is listed twice");
    }

    /// <summary>Every <c>--set</c> of a command line; a knob may be set once.</summary>
    public static ImmutableArray<KnobPin> ParseAll(IEnumerable<string> texts)
    {
        ImmutableArray<KnobPin> pins = [.. texts.Select(Parse)];
        var twice = pins.GroupBy(p => p.Knob, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        return twice is null
            ? pins
            : throw new OptimizeInputException(
                $"--set names knob '{twice.Key}' twice; give its values once, e.g. --set {twice.Key}=V1,V2"
            );
    }
}
