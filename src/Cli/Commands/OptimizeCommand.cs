using System.Collections.Immutable;
using System.CommandLine;
using MLEnergy.Cli.Output;
using MLEnergy.Recommender.Search;
using MLEnergy.Recommender.Selection;
using MLEnergy.Recommender.Slo;
using MLEnergy.Runtime.Requests;

namespace MLEnergy.Cli.Commands;

/// <summary><c>mlenergy optimize</c>: binds the options into an <see cref="OptimizeRequest"/> and runs it.</summary>
internal static partial class OptimizeCommand
{
    public static Command Create(IConsoleOutput console)
    {
        var options = new OptimizeOptions();
        var command = new Command("optimize", Description);
        options.AddTo(command);
        command.SetAction(
            (parseResult, cancellationToken) =>
                new OptimizeRunner(console).RunAsync(
                    options.Bind(parseResult),
                    parseResult.GetValue(options.Json),
                    parseResult.GetValue(options.Verbose),
                    cancellationToken,
                    parseResult.GetValue(options.Nightly)
                )
        );
        return command;
    }

    private const string Description = "Find the least-energy configuration that meets the latency SLO.";

    private const string SloHelp =
        "Latency SLO (repeatable; all must hold). '200ms' alone = p99 tpot<=200ms (MLPerf's LLM\n"
        + "convention); otherwise 'STAT METRIC<=DURATION', e.g. \"p90 ttft<=2s\". STAT: mean, p50, p90,\n"
        + "p95, p99, p99.9. METRIC: ttft, tpot, itl, e2e, latency (non-LLM batch latency).\n"
        + "DURATION: a positive number with us, ms or s. Exit codes: 0 recommendation found,\n"
        + "1 failure, 2 bad input, 3 no configuration meets the SLO, 4 history store unusable,\n"
        + "5 keep the current configuration (no saving clears --min-saving),\n"
        + "10 nightly re-tuned after drift, 130 cancelled.";

    /// <summary>
    /// Refuses an <c>--out</c> folder that already holds files, unless <c>--force</c> (or <c>--resume</c>, which
    /// continues the run in it) says so: a run folder is never overwritten by accident.
    /// </summary>
    private static string? CheckOut(string? folder, bool force) =>
        folder is not null && File.Exists(folder)
            ? throw new OptionValueException($"--out '{folder}' is a file; --out names the run's folder")
        : folder is not null && !force && Directory.Exists(folder) && Directory.EnumerateFileSystemEntries(folder).Any()
            ? throw new OptionValueException(
                $"--out '{folder}' is not empty; choose a new folder, or add --force to write into it"
            )
        : folder;

    private static ThroughputFloor ParseFloor(string text)
    {
        try
        {
            return ThroughputFloor.Parse(text);
        }
        catch (FormatException e)
        {
            throw new OptionValueException(e.Message);
        }
    }

    private static string StudyName(string name) =>
        name.Trim() is { Length: > 0 and <= 100 } trimmed
            ? trimmed
            : throw new OptionValueException("--study needs a name of 1 to 100 characters, e.g. --study llama-h100");

    private static string HostName(string name) =>
        name.Trim() is { Length: > 0 and <= 100 } trimmed && !trimmed.Any(char.IsControl)
            ? trimmed
            : throw new OptionValueException(
                "--host-id needs a name of 1 to 100 characters without control characters, e.g. --host-id gpu-07"
            );

    private static TimeSpan ParseClaimTimeout(string text) =>
        Units.DurationText.TryParse(text, out var timeout) && timeout >= TimeSpan.FromSeconds(1)
            ? timeout
            : throw new OptionValueException(
                $"--claim-timeout must be a duration of at least 1s, e.g. 25s, not '{text}'"
            );

    private static double ParsePercent(string text) =>
        double.TryParse(
            text.Trim().TrimEnd('%'),
            System.Globalization.NumberStyles.Float,
            System.Globalization.CultureInfo.InvariantCulture,
            out var percent
        )
        && double.IsFinite(percent)
        && percent is >= 0 and < 100
            ? percent
            : throw new OptionValueException($"--min-saving must be a percentage from 0 to 100, e.g. 2%, not '{text}'");
}
