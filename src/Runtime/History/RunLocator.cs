using MLEnergy.Recommender.Results;
using MLEnergy.Runtime.State;
using MLEnergy.Runtime.Stores;

namespace MLEnergy.Runtime.History;

/// <summary>Finds a run by id (in the store or under STATE/runs) or by its folder, and reads its result.json.</summary>
public static class RunLocator
{
    public static async Task<(RunFolder Folder, TuningResult Result)> LocateAsync(
        string run,
        ITrialStore store,
        string stateDirectory,
        CancellationToken cancellationToken
    )
    {
        var runs = await store.ListRunsAsync(cancellationToken);
        var candidates = new[]
        {
            run,
            runs.FirstOrDefault(r => r.Run.Id == run)?.Run.Folder,
            Path.Combine(stateDirectory, "runs", run),
        };
        foreach (var folder in candidates.OfType<string>())
        {
            var result = Path.Combine(folder, "result.json");
            if (File.Exists(result))
            {
                return (
                    new RunFolder(Path.GetFullPath(folder)),
                    ResultJsonReader.Read(await File.ReadAllTextAsync(result, cancellationToken))
                );
            }
        }

        var known = runs.Where(r => r.Status == RunStatus.Finished).Select(r => r.Run.Id).ToList();
        throw new RunNotFoundException(
            known.Count == 0
                ? $"no run '{run}': the history in {store.Location} has no finished runs yet"
                : $"no run '{run}'; the runs in {store.Location} are:{Environment.NewLine}  "
                    + $"{string.Join(Environment.NewLine + "  ", known)}"
        );
    }
}
