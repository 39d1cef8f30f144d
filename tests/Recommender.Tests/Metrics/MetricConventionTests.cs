using System.Text.RegularExpressions;
using MLEnergy.Recommender.Metrics;
using MLEnergy.Recommender.Spaces;

namespace MLEnergy.Recommender.Tests.Metrics;

/// <summary>Every metric name used in src is in the catalogue, and README's table is the catalogue's.</summary>
public sealed partial class MetricConventionTests
{
    /// <summary>Names shaped like metrics that are other formats' fields, each with the reason.</summary>
    private static readonly Dictionary<string, string> NotMetrics = new(StringComparer.Ordinal)
    {
        ["power_limit_w"] = "a GPU setting in the device report",
        ["power_limit_min_w"] = "a GPU setting in the device report",
        ["power_limit_max_w"] = "a GPU setting in the device report",
        ["power_limit_default_w"] = "a GPU setting in the device report",
        ["energy_j"] = "a field of `mlenergy measure` (one command's energy), not a trial observation",
        ["average_power_w"] = "a field of `mlenergy measure` (one command's energy), not a trial observation",
        ["peak_power_w"] = "a field of `mlenergy measure` (one command's energy), not a trial observation",
        ["median_itl_ms"] = "an ML.ENERGY v3 column, read into itl_p50_ms",
        ["p90_itl_ms"] = "an ML.ENERGY v3 column, read into itl_p90_ms",
        ["p95_itl_ms"] = "an ML.ENERGY v3 column, read into itl_p95_ms",
        ["p99_itl_ms"] = "an ML.ENERGY v3 column, read into itl_p99_ms",
    };

    [Fact]
    public void EveryMetricNameWrittenInSrcIsInTheCatalogue()
    {
        var found = Directory
            .EnumerateFiles(Path.Combine(Root, "src"), "*.cs", SearchOption.AllDirectories)
            .SelectMany(file =>
                MetricLiteral()
                    .Matches(File.ReadAllText(file))
                    .Select(m => (File: Path.GetRelativePath(Root, file), Name: m.Groups["name"].Value))
            )
            .ToList();

        found.Should().Contain(f => f.Name == "avg_power_per_gpu_w", "the scan must see the names it checks");
        found
            .Where(f => !MetricCatalogue.Contains(f.Name) && !NotMetrics.ContainsKey(f.Name))
            .Select(f => $"{f.File}: {f.Name}")
            .Should()
            .BeEmpty("a metric used in src is declared in MetricCatalogue (name, unit, direction, scope)");
    }

    /// <summary>Where a rate written as text is input, not a label: each with the reason.</summary>
    private static readonly Dictionary<string, string> RateInputs = new(StringComparer.Ordinal)
    {
        ["src/Recommender/Selection/ThroughputFloor.cs"] = "the units --min-throughput accepts after its number",
        ["src/Runtime/Replay/V2DirectoryReader.cs"] = "an ML.ENERGY v2 column name, read into throughput_tokens_per_s",
    };

    [Fact]
    public void EveryRateLabelInSrcIsTheCataloguesUnit()
    {
        // The summary, report.md and the plan tables read "tokens/s" and "req/s" where the catalogue defines
        // output tokens/s and requests/s: a label takes the unit from the catalogue's one definition.
        var found = Directory
            .EnumerateFiles(Path.Combine(Root, "src"), "*.cs", SearchOption.AllDirectories)
            .Select(file => Path.GetRelativePath(Root, file).Replace('\\', '/'))
            .Where(file => !RateInputs.ContainsKey(file) && !file.Contains("/obj/", StringComparison.Ordinal))
            .SelectMany(file =>
                File.ReadLines(Path.Combine(Root, file))
                    .Where(line => !line.TrimStart().StartsWith("//", StringComparison.Ordinal))
                    .Where(line => RateLabel().IsMatch(line))
                    .Select(line => $"{file}: {line.Trim()}")
            )
            .ToList();

        found.Should().BeEmpty("a rate's label is MetricCatalogue's unit (TokenThroughput, OfferedRate)");
        MetricCatalogue.TokenThroughput.Unit.Should().Be("output tokens/s");
        MetricCatalogue.OfferedRate.Unit.Should().Be("requests/s");
    }

    [Fact]
    public void TheEnergyIntervalSaysItsConfidenceAndWhatItIsTakenOver()
    {
        // The trial's interval is a Student-t interval over its steady-state windows, not the repeats' interval
        // that the savings quote; "95 % CI" alone does not say which.
        foreach (var bound in new[] { MetricCatalogue.EnergyPerTokenLow, MetricCatalogue.EnergyPerTokenHigh })
        {
            bound.Description.Should().Contain("95 % Student-t interval").And.Contain("over the trial's steady-state");
        }
    }

    [Theory]
    [InlineData("energy_per_token_j", "J/token")]
    [InlineData("energy_per_token_j_ci95_low", "J/token")]
    [InlineData("energy_per_request_j", "J/request")]
    [InlineData("energy_per_image_j", "J/image")]
    [InlineData("energy_per_video_j", "J/video")]
    public void AnEnergyPerUnitOfWorkSaysItsUnitOfWorkInItsUnit(string name, string unit)
    {
        // One unit for every place that prints it: the summary's J/token and the drift line's or a plot axis's
        // catalogue unit were "J/token" and "J" for the same value.
        MetricCatalogue.Get(name).Unit.Should().Be(unit);
        if (ObjectiveKinds.OfMetric(name) is { } objective)
        {
            objective.Unit().Should().Be(unit);
        }
    }

    [Fact]
    public void ReadmesMetricTableIsTheCataloguesTable()
    {
        var readme = File.ReadAllText(Path.Combine(Root, "README.md")).ReplaceLineEndings("\n");
        var start = readme.IndexOf(TableStart, StringComparison.Ordinal);
        var end = readme.IndexOf(TableEnd, StringComparison.Ordinal);

        start.Should().BePositive("README marks its metric table with {0}", TableStart);
        if (Environment.GetEnvironmentVariable("MLENERGY_UPDATE_README") == "1")
        {
            // Regenerates README's copy: MLENERGY_UPDATE_README=1 dotnet test --filter ReadmesMetricTable...
            readme = readme[..(start + TableStart.Length)] + "\n" + MetricTable.Markdown() + readme[end..];
            File.WriteAllText(Path.Combine(Root, "README.md"), readme);
            end = readme.IndexOf(TableEnd, StringComparison.Ordinal);
        }

        readme[(start + TableStart.Length)..end].Trim('\n').Should().Be(MetricTable.Markdown().Trim('\n'));
    }

    private const string TableStart = "<!-- metric table: generated from MetricCatalogue -->";
    private const string TableEnd = "<!-- end of metric table -->";

    private static string Root { get; } = FindRoot();

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "MLEnergy.Optimizer.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("repository root not found");
    }

    [GeneratedRegex(
        @"""(?<name>[a-z][a-z0-9]*(?:_[a-z0-9]+)*(?:_ms|_j|_w|_per_s|_ci95_low|_ci95_high)|requests(?:_failed)?)"""
    )]
    private static partial Regex MetricLiteral();

    /// <summary>A rate unit other than the catalogue's: tokens/s not after "output", tok/s, req/s.</summary>
    [GeneratedRegex(@"(?<!output )\btokens/s|\btok/s|\breq/s")]
    private static partial Regex RateLabel();
}
