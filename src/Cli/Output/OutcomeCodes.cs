using MLEnergy.Recommender.Selection;

namespace MLEnergy.Cli.Output;

/// <summary>The exit code a finished run's decision returns (failures are <see cref="FailureReport"/>'s).</summary>
internal static class OutcomeCodes
{
    public static ExitCode Of(Decision decision) =>
        decision switch
        {
            Decision.NoConfigurationMeetsSlo => ExitCode.NoConfigurationMeetsSlo,
            Decision.KeepCurrent => ExitCode.KeepCurrentConfiguration,
            _ => ExitCode.Success,
        };
}
