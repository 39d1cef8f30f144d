using System.Collections.Immutable;
using System.CommandLine;
using MLEnergy.Cli.Output;
using MLEnergy.Profiler.Measure;

namespace MLEnergy.Cli.Commands;

/// <summary>Range checks shared by the commands that take the same kind of option (one rule, one message).</summary>
internal static class OptionValues
{
    /// <summary>
    /// An option given on the command line that the chosen mode does not use is refused, never ignored: one line that
    /// names the first such option and <paramref name="why"/> (exit 2). An option left at its default passes.
    /// </summary>
    public static void RefuseGiven(ParseResult parse, string why, params Option[] options)
    {
        if (options.FirstOrDefault(o => parse.GetResult(o) is { Implicit: false }) is { } given)
        {
            throw new OptionValueException($"{given.Name} {why}");
        }
    }

    /// <summary>A price or an intensity: absent, or a finite number of at least 0.</summary>
    public static double? FiniteAtLeastZero(double? value, string option) =>
        value is { } v && !(double.IsFinite(v) && v >= 0)
            ? throw new OptionValueException($"{option} must be a finite number of at least 0, not {v}")
            : value;

    /// <summary>The GPUs a <c>--gpus</c> list names; none (every GPU) when it is absent.</summary>
    public static ImmutableArray<int> GpuIndices(string? text) =>
        text is null ? []
        : GpuSelection.TryParse(text, out var gpus, out var problem) ? [.. gpus]
        : throw new OptionValueException(problem!);

    /// <summary>
    /// The state directory: <c>--state-dir</c> as given, or the default when it is absent. An empty or blank value
    /// is refused (it would otherwise name the current folder or fail deep inside as an internal error).
    /// </summary>
    public static string StateDirectory(string? given) =>
        given is null ? Runtime.State.StateDirectory.Default(Environment.GetEnvironmentVariable)
        : string.IsNullOrWhiteSpace(given)
            ? throw new OptionValueException(
                "--state-dir needs a folder, e.g. --state-dir /var/lib/mlenergy (leave it out for the default)"
            )
        : given;

    /// <summary>
    /// A path an option names (a file or folder to read or write): absent, or a path. An empty or blank value is
    /// refused by the option's name with an <paramref name="example"/> (it would otherwise fail deep inside as an
    /// internal error, or name the current folder).
    /// </summary>
    public static string? PathGiven(string? given, string option, string example) =>
        given is not null && string.IsNullOrWhiteSpace(given)
            ? throw new OptionValueException($"{option} needs a path, e.g. {option} {example}")
            : given;

    /// <summary>
    /// A state directory that must already be there (commands that only read what a run left): a <c>--state-dir</c>
    /// that is missing, a file or a broken link is a mistyped path, not an empty state.
    /// </summary>
    public static string ExistingStateDirectory(string? given)
    {
        var path = StateDirectory(given);
        if (given is null || Directory.Exists(path))
        {
            return path;
        }

        var link = new FileInfo(path).LinkTarget;
        throw new OptionValueException(
            link is not null ? $"--state-dir '{given}' is a link to '{link}', which is not a directory"
            : File.Exists(path) ? $"--state-dir '{given}' is a file, not a state directory"
            : $"--state-dir '{given}' does not exist: no run used it as its state directory"
        );
    }
}
