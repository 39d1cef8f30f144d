using System.Globalization;

namespace MLEnergy.LoadFollowing;

/// <summary>What the evaluation runs: which models, which part of the trace, and the tool's settings.</summary>
/// <param name="RepositoryRoot">Where data/ and search-spaces/ are.</param>
/// <param name="Models">The models to evaluate.</param>
/// <param name="FromMinute">The first minute of the trace served.</param>
/// <param name="Minutes">How many minutes of the trace are served; null for all of it.</param>
/// <param name="PlanBudget">Trials for the whole plan (<c>--budget</c>).</param>
/// <param name="Seed">The plan search's seed.</param>
/// <param name="BusiestUtilization">The busiest minute's rate as a share of the baseline's capacity.</param>
public sealed record EvaluationOptions(
    string RepositoryRoot,
    IReadOnlyList<ModelCase> Models,
    int FromMinute = 0,
    int? Minutes = null,
    int PlanBudget = 200,
    int Seed = 1,
    double BusiestUtilization = 0.8
)
{
    /// <summary>
    /// govern's settings (<c>--window</c>, <c>--down-dwell</c>); the command's defaults unless given.
    /// </summary>
    public Runtime.Governor.GovernorSettings Governor { get; init; } = Runtime.Governor.GovernorSettings.Default;

    /// <summary>The shipped trace served: <c>conv</c> (the evaluation's) or <c>code</c> (held out).</summary>
    public string Trace { get; init; } = "conv";
    public const string Slo = "p99 tpot<=50ms";
    public const double TpotBoundMs = 50;

    /// <summary>How often govern reads the server (<c>--interval</c>).</summary>
    public const double IntervalSeconds = 5;

    /// <summary>Served after the trace's last arrival, so that every policy finishes what it took.</summary>
    public const double DrainSeconds = 120;

    public string TracePath => Path.Combine(RepositoryRoot, "data", "traces", $"AzureLLMInferenceTrace_{Trace}.csv");

    public const string Usage =
        "usage: LoadFollowing [--model 8B|70B|all] [--from-minute M] [--minutes N] [--budget TRIALS] [--seed S] "
        + "[--utilization SHARE] [--window SECONDS] [--down-dwell SECONDS] [--rate-risk PER_HOUR] [--trace conv|code]";

    /// <exception cref="ArgumentException">An unknown option or a bad value.</exception>
    public static EvaluationOptions Parse(IReadOnlyList<string> args, string repositoryRoot)
    {
        var options = new EvaluationOptions(repositoryRoot, ModelCase.All);
        for (var i = 0; i < args.Count; i++)
        {
            var value = i + 1 < args.Count ? args[i + 1] : throw new ArgumentException(Usage);
            options = args[i] switch
            {
                "--model" => options with
                {
                    Models = value.Equals("all", StringComparison.OrdinalIgnoreCase)
                        ? ModelCase.All
                        :
                        [
                            ModelCase.All.FirstOrDefault(m => m.Name.Equals(value, StringComparison.OrdinalIgnoreCase))
                                ?? throw new ArgumentException(Usage),
                        ],
                },
                "--from-minute" => options with { FromMinute = Whole(value) },
                "--minutes" => options with { Minutes = Whole(value) },
                "--budget" => options with { PlanBudget = Whole(value) },
                "--seed" => options with { Seed = Whole(value) },
                "--utilization" => options with { BusiestUtilization = Share(value) },
                "--trace" => options with
                {
                    Trace = value is "conv" or "code" ? value : throw new ArgumentException(Usage),
                },
                "--window" => options with
                {
                    Governor = options.Governor with { Window = TimeSpan.FromSeconds(Whole(value)) },
                },
                "--down-dwell" => options with
                {
                    Governor = options.Governor with { DownDwell = TimeSpan.FromSeconds(Whole(value)) },
                },
                "--rate-risk" => options with { Governor = options.Governor with { RateRisk = PerHour(value) } },
                _ => throw new ArgumentException(Usage),
            };
            i++;
        }

        return options;
    }

    private static double Share(string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var x) && x is > 0 and <= 1
            ? x
            : throw new ArgumentException(Usage);

    private static double PerHour(string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var x) && x is > 0 and <= 60
            ? x
            : throw new ArgumentException(Usage);

    private static int Whole(string text) =>
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= 0
            ? n
            : throw new ArgumentException(Usage);
}
