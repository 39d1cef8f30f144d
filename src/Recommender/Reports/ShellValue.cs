using System.Globalization;
using MLEnergy.Recommender.Knobs;
using MLEnergy.Recommender.Results;

namespace MLEnergy.Recommender.Reports;

/// <summary>
/// A knob value from a result file made safe to print as a shell line: a numeric knob must hold a finite, positive
/// number, and every value is quoted for the shell, so a crafted <c>1980; touch x</c> is refused or stays one word.
/// </summary>
public static class ShellValue
{
    private const double Largest = 1_000_000;

    /// <summary>The value as one shell word; a numeric kind's value must be a finite number in (0, 1e6].</summary>
    public static KnobValue Checked(Knob knob, KnobValue value)
    {
        var numeric =
            knob.Kind
            is KnobKind.GpuSmClockCap
                or KnobKind.GpuPowerLimit
                or KnobKind.ServerBatchSize
                or KnobKind.TensorParallel
                or KnobKind.Replicas;
        if (numeric && value.Number is not (> 0 and <= Largest))
        {
            throw new ResultFormatException(
                $"{knob.Name} = {Quote(value.Text)} is not a {Describe(knob.Kind)}: expected a number above 0 and "
                    + $"at most {Largest:0}; nothing was printed or applied"
            );
        }

        return numeric ? value : KnobValue.Parse(Quote(value.Text));
    }

    /// <summary>A GPU count from a result file: a whole number from 1 to 1024.</summary>
    public static int Count(string name, double value) =>
        value is >= 1 and <= 1024 && Math.Floor(value) == value
            ? (int)value
            : throw new ResultFormatException(
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"{name} = {value} is not a GPU count (a whole number from 1 to 1024); nothing was printed"
                )
            );

    /// <summary>One POSIX shell word: as it is when it holds only safe characters, else single-quoted.</summary>
    public static string Quote(string text) =>
        text.Length > 0 && text.All(Safe) ? text : "'" + text.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    private static bool Safe(char c) =>
        char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' or ',' or ':' or '/' or '=' or '+' or '@';

    private static string Describe(KnobKind kind) =>
        kind switch
        {
            KnobKind.GpuSmClockCap => "clock in MHz",
            KnobKind.GpuPowerLimit => "power limit in W",
            _ => "count",
        };
}
