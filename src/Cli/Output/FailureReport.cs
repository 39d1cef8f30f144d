using MLEnergy.Profiler.Nvml;
using MLEnergy.Runtime.Actuators;
using MLEnergy.Runtime.Locks;
using MLEnergy.Runtime.Servers;
using MLEnergy.Runtime.Stores;

namespace MLEnergy.Cli.Output;

/// <summary>
/// The one mapping from a failure to the exit code and the line the person reads on stderr (README's exit-code
/// table): every command lets its failures reach <see cref="MlEnergyApp"/>, which reports them here.
/// </summary>
internal static class FailureReport
{
    public static ExitCode Code(Exception failure) =>
        failure switch
        {
            OperationCanceledException => ExitCode.Cancelled,
            TrialStoreException => ExitCode.StoreUnusable,
            HostLockException => ExitCode.HostBusy,
            _ when UsageErrors.IsUsageError(failure) => ExitCode.UsageError,
            _ => ExitCode.Failure,
        };

    /// <summary>
    /// What stderr says: the message of an expected failure; the type as well for one that is a defect.
    /// </summary>
    public static IEnumerable<string> Lines(Exception failure)
    {
        var message = failure switch
        {
            OperationCanceledException => "cancelled",
            NvmlException
            or GpuPermissionException
            or GpuRangeException
            or GpuSetException
            or SimulatedGpuException
            or ServerStartException
            or TrialStoreException
            or HostLockException
            or IOException
            or UnauthorizedAccessException => failure.Message,
            _ when UsageErrors.IsUsageError(failure) => failure.Message,
            _ => $"internal error ({failure.GetType().Name}): {failure.Message}",
        };
        return message.ReplaceLineEndings("\n").Split('\n').Select(line => $"mlenergy: {line}");
    }

    public static async Task<int> WriteAsync(IConsoleOutput console, Exception failure)
    {
        foreach (var line in Lines(failure))
        {
            await console.Error.WriteLineAsync(line);
        }

        return (int)Code(failure);
    }
}
