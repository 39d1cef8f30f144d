using MLEnergy.Cli.Output;
using MLEnergy.Runtime.State;
using MLEnergy.Runtime.Stores;

namespace MLEnergy.Cli.Commands;

/// <summary>Opens the history store for a verb and turns its failures into one line and an exit code.</summary>
internal static class StoreCommand
{
    public static async Task<int> RunAsync(
        IConsoleOutput console, string? storeText, string stateDirectory, Func<ITrialStore, Task<ExitCode>> action, CancellationToken cancellationToken)
    {
        try
        {
            if (storeText is null)
            {
                StateDirectory.EnsureWritable(stateDirectory);
            }

            await using var store = await TrialStoreFactory.OpenAsync(storeText, stateDirectory, cancellationToken);
            return (int)await action(store);
        }
        catch (TrialStoreException e)
        {
            await console.Error.WriteLineAsync($"mlenergy: {e.Message}");
            return (int)ExitCode.StoreUnusable;
        }
        catch (Exception e) when (UsageErrors.IsUsageError(e))
        {
            foreach (var line in e.Message.Split(Environment.NewLine))
            {
                await console.Error.WriteLineAsync($"mlenergy: {line}");
            }

            return (int)ExitCode.UsageError;
        }
        catch (OperationCanceledException)
        {
            await console.Error.WriteLineAsync("mlenergy: cancelled");
            return (int)ExitCode.Cancelled;
        }
    }
}
