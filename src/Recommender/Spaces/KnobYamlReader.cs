using System.Collections.Immutable;
using MLEnergy.Recommender.Knobs;
using YamlDotNet.RepresentationModel;

namespace MLEnergy.Recommender.Spaces;

/// <summary>Reads one entry of a space's <c>knobs</c> list.</summary>
internal static class KnobYamlReader
{
    private static readonly HashSet<string> Keys =
    [
        "name",
        "kind",
        "values",
        "range",
        "restarts_server",
        "output_preserving",
    ];

    public static Knob Read(YamlSection section)
    {
        foreach (var key in section.Keys.Where(k => !Keys.Contains(k.Value!)))
        {
            throw section.Error(key, $"unknown knob key '{key.Value}'; known keys: {string.Join(", ", Keys)}");
        }

        var name = YamlSection.Scalar(section.Required("name"), section.Path);
        var kindNode = section.Required("kind");
        if (!KnobKinds.TryParse(YamlSection.Scalar(kindNode, section.Path), out var kind))
        {
            throw section.Error(
                kindNode,
                $"knob '{name}' has unknown kind '{YamlSection.Scalar(kindNode, section.Path)}'; use one of "
                    + $"{string.Join(", ", KnobKinds.YamlNames)}"
            );
        }

        var values = ReadValues(section, name);
        foreach (var misfit in values.Where(v => !Fits(kind, v)).Take(1))
        {
            throw section.Error(
                section.Optional("values") ?? section.Optional("range")!,
                $"knob '{name}' ({kind.ToYamlName()}) cannot take {misfit.Text}: "
                    + (IsCount(kind) ? "expected whole numbers of at least 1" : "expected numbers above 0")
            );
        }

        return new Knob(
            name,
            kind,
            values,
            section.OptionalBool("restarts_server") ?? kind.RestartsServerByDefault(),
            section.OptionalBool("output_preserving") ?? true
        );
    }

    private static bool IsCount(KnobKind kind) =>
        kind is KnobKind.ServerBatchSize or KnobKind.TensorParallel or KnobKind.Replicas;

    /// <summary>
    /// Whether a value can be one of its kind's settings: a count is a whole number of at least 1, a GPU clock cap
    /// or power limit a number above 0 (the GPU's own range is checked where the GPU is known).
    /// </summary>
    private static bool Fits(KnobKind kind, KnobValue value) =>
        kind switch
        {
            _ when IsCount(kind) => value.Number is { } n && n >= 1 && n == Math.Floor(n),
            KnobKind.GpuSmClockCap or KnobKind.GpuPowerLimit => value.Number is > 0,
            _ => true,
        };

    private static ImmutableArray<KnobValue> ReadValues(YamlSection section, string name)
    {
        var list = section.Optional("values");
        var range = section.Optional("range");
        if ((list is null) == (range is null))
        {
            throw new SearchSpaceException(
                section.Path,
                section.Line,
                $"knob '{name}' needs exactly one of 'values' (a list) or 'range' ({{ min, max, step }})"
            );
        }

        if (list is not null)
        {
            if (list is not YamlSequenceNode sequence || sequence.Children.Count == 0)
            {
                throw section.Error(list, $"knob '{name}': 'values' must be a non-empty list");
            }

            var values = sequence
                .Children.Select(n => KnobValue.Parse(YamlSection.Scalar(n, section.Path)))
                .ToImmutableArray();
            return values.Distinct().Count() == values.Length
                ? values
                : throw section.Error(list, $"knob '{name}' lists a value twice");
        }

        var bounds = new YamlSection(range!, section.Path);
        try
        {
            return KnobRange.Expand(
                YamlSection.Number(bounds.Required("min"), section.Path),
                YamlSection.Number(bounds.Required("max"), section.Path),
                YamlSection.Number(bounds.Required("step"), section.Path)
            );
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw section.Error(range!, $"knob '{name}': {e.Message.Split(" (Parameter")[0]}");
        }
    }
}
