using System.Collections.Immutable;
using MLEnergy.Recommender.Knobs;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace MLEnergy.Recommender.Spaces;

/// <summary>
/// Reads a search space from YAML (search-spaces/*.yaml). Every error names the file, the line and what
/// is wrong. The file is parsed once; top-level sections the search space does not own are handed back to the
/// caller (<see cref="SpaceDocument"/>), who claims them or reports them as unknown.
/// </summary>
public static class SearchSpaceYamlReader
{
    private const int MaxGpus = 1024;

    /// <summary>The top-level sections the search space owns.</summary>
    public static ImmutableArray<string> Sections { get; } =
    [
        "name",
        "description",
        "target",
        "model",
        "gpu_model",
        "gpus",
        "variables",
        "load",
        "workload",
        "objective",
        "knobs",
        "constraints",
        "baseline",
    ];

    /// <summary>A space file with no sections other than the search space's own.</summary>
    public static SearchSpace ReadFile(string path)
    {
        var document = ReadDocument(path);
        document.ThrowIfUnclaimed([]);
        return document.Space;
    }

    /// <summary>A space file parsed once: the search space and the sections left for their owners.</summary>
    public static SpaceDocument ReadDocument(string path) =>
        File.Exists(path) ? Parse(YamlLimits.Read(path), path)
        : Directory.Exists(path) ? throw new SearchSpaceException(path, null, "a directory, not a space file")
        : throw new SearchSpaceException(path, null, "file not found");

    /// <summary>A space with no sections other than the search space's own.</summary>
    public static SearchSpace Read(string yaml, string path)
    {
        var document = Parse(yaml, path);
        document.ThrowIfUnclaimed([]);
        return document.Space;
    }

    public static SpaceDocument Parse(string yaml, string path)
    {
        var root = Load(yaml, path);
        var yamlReader = new YamlSection(root, path);
        var others = root
            .Children.Where(p => p.Key is not YamlScalarNode { Value: { } name } || !Sections.Contains(name))
            .Select(p => new SpaceSection(
                (p.Key as YamlScalarNode)?.Value ?? p.Key.ToString(),
                p.Value,
                path,
                p.Key.Start.Line
            ))
            .ToImmutableArray();

        var knobNodes = yamlReader.RequiredSequence("knobs").ToList();
        var knobs = knobNodes.Select(n => KnobYamlReader.Read(new YamlSection(n, path))).ToImmutableArray();
        if (knobs.IsEmpty)
        {
            throw YamlSection.ErrorAt(
                root.Children[new YamlScalarNode("knobs")],
                path,
                "'knobs' lists no knob; a space needs at least one (e.g. gpu_power_limit)"
            );
        }

        var twice = Enumerable.Range(0, knobs.Length).FirstOrDefault(i => knobs[..i].Any(k => k.Name == knobs[i].Name));
        if (twice > 0)
        {
            throw YamlSection.ErrorAt(knobNodes[twice], path, $"knob '{knobs[twice].Name}' is defined twice");
        }

        var variables = ReadVariables(yamlReader);
        var constraints = yamlReader
            .OptionalSequence("constraints")
            .Select(n => ReadConstraint(n, path, knobs, variables))
            .ToImmutableArray();
        var objectiveNode = yamlReader.Optional("objective");
        var objective = ObjectiveKind.EnergyPerToken;
        if (
            objectiveNode is not null
            && !ObjectiveKinds.TryParse(YamlSection.Scalar(objectiveNode, path), out objective)
        )
        {
            throw YamlSection.ErrorAt(
                objectiveNode,
                path,
                "objective must be energy_per_token, energy_per_request, energy_per_image or energy_per_video"
            );
        }

        var space = new SearchSpace
        {
            Name = yamlReader.OptionalString("name") ?? Path.GetFileNameWithoutExtension(path),
            Description = yamlReader.OptionalString("description") ?? string.Empty,
            Target = yamlReader.OptionalString("target") ?? "sim",
            Model = yamlReader.OptionalString("model"),
            GpuModel = yamlReader.OptionalString("gpu_model"),
            Load = yamlReader.OptionalString("load") ?? "saturate",
            Workload = yamlReader.OptionalString("workload"),
            Objective = objective,
            Knobs = knobs,
            Constraints = constraints,
            Variables = variables,
            SourcePath = path,
        };
        return new SpaceDocument(space with { Baseline = ReadBaseline(yamlReader, space) }, others)
        {
            Positions = root
                .Children.Where(p => p.Key is YamlScalarNode { Value: not null })
                .ToImmutableDictionary(
                    p => ((YamlScalarNode)p.Key).Value!,
                    p => (p.Value.Start.Line, p.Value.Start.Column)
                ),
        };
    }

    private static YamlMappingNode Load(string yaml, string path)
    {
        YamlLimits.Check(yaml, path);
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            throw YamlSyntax.Error(e, path);
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw new SearchSpaceException(path, 1, "expected a mapping with at least 'knobs'");
        }

        return root;
    }

    private static ImmutableDictionary<string, double> ReadVariables(YamlSection section)
    {
        var variables = ImmutableDictionary.CreateBuilder<string, double>(StringComparer.Ordinal);
        if (section.Optional("gpus") is { } gpus)
        {
            variables["gpus"] = GpuCount(gpus, section.Path);
        }

        if (section.Optional("variables") is { } node)
        {
            var inner = new YamlSection(node, section.Path);
            foreach (var key in inner.Keys)
            {
                var value = inner.Required(key.Value!);
                variables[key.Value!] =
                    key.Value == "gpus" ? GpuCount(value, section.Path) : YamlSection.Number(value, section.Path);
            }
        }

        return variables.ToImmutable();
    }

    /// <summary>
    /// The host's GPU count: a whole number from 1 to 1,024, refused where it is written (a count the simulated host
    /// could not hold ran every trial before failing, or never finished).
    /// </summary>
    private static double GpuCount(YamlNode node, string path)
    {
        var count = YamlSection.Number(node, path);
        return count is >= 1 and <= MaxGpus && Math.Floor(count) == count
            ? count
            : throw YamlSection.ErrorAt(
                node,
                path,
                $"gpus must be a whole number from 1 to {MaxGpus}, found '{YamlSection.Scalar(node, path)}'"
            );
    }

    private static KnobConstraint ReadConstraint(
        YamlNode node,
        string path,
        ImmutableArray<Knob> knobs,
        ImmutableDictionary<string, double> variables
    )
    {
        KnobConstraint constraint;
        try
        {
            constraint = KnobConstraint.Parse(YamlSection.Scalar(node, path));
        }
        catch (FormatException e)
        {
            throw YamlSection.ErrorAt(node, path, e.Message);
        }

        var unknown = constraint.Identifiers.FirstOrDefault(n =>
            knobs.All(k => k.Name != n) && !variables.ContainsKey(n)
        );
        if (unknown is not null)
        {
            throw YamlSection.ErrorAt(
                node,
                path,
                $"constraint '{constraint.Text}' names '{unknown}', which is neither a knob nor a variable (such as "
                    + $"gpus)"
            );
        }

        // A constraint is arithmetic: every knob it names must take numbers only (else it fails at the first trial).
        var misfit = knobs
            .Where(k => constraint.Identifiers.Contains(k.Name))
            .SelectMany(k => k.Values.Where(v => v.Number is null).Select(v => (Knob: k.Name, Value: v.Text)))
            .FirstOrDefault();
        return misfit.Knob is null
            ? constraint
            : throw YamlSection.ErrorAt(
                node,
                path,
                $"constraint '{constraint.Text}' names knob '{misfit.Knob}', which has a value that is not a number "
                    + $"('{misfit.Value}')"
            );
    }

    private static Configuration? ReadBaseline(YamlSection section, SearchSpace space)
    {
        if (section.Optional("baseline") is not { } node)
        {
            return null;
        }

        var inner = new YamlSection(node, section.Path);
        var values = new Dictionary<string, KnobValue>(StringComparer.Ordinal);
        foreach (var key in inner.Keys)
        {
            if (space.FindKnob(key.Value!) is null)
            {
                throw inner.Error(key, $"baseline names unknown knob '{key.Value}'");
            }

            values[key.Value!] = KnobValue.Parse(YamlSection.Scalar(inner.Required(key.Value!), section.Path));
        }

        var missing = space.Knobs.FirstOrDefault(k => !values.ContainsKey(k.Name));
        if (missing is not null)
        {
            throw YamlSection.ErrorAt(node, section.Path, $"baseline gives no value for knob '{missing.Name}'");
        }

        return new Configuration(values);
    }
}
