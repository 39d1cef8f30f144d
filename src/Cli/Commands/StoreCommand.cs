using MLEnergy.Runtime.State;
using MLEnergy.Runtime.Stores;

namespace MLEnergy.Cli.Commands;

/// <summary>Opens the history store for a verb; its failures reach the one failure report.</summary>
internal static class StoreCommand
{
    public static async Task<int> RunAsync(
        string? storeText,
        string stateDirectory,
        Func<ITrialStore, Task<ExitCode>> action,
        CancellationToken cancellationToken
    )
    {
        if (storeText is null)
        {
            StateDirectory.EnsureWritable(stateDirectory);
        }

        await using var store = await TrialStoreFactory.OpenAsync(storeText, stateDirectory, cancellationToken);
        return (int)await action(store);
    }
}
