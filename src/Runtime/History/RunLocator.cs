using MLEnergy.Recommender.Results;
using MLEnergy.Runtime.State;
using MLEnergy.Runtime.Stores;

namespace MLEnergy.Runtime.History;

/// <summary>
/// Finds a run by id (in the store or under STATE/runs), by its folder, or <c>latest</c>, and reads its result.json.
/// </summary>
public static class RunLocator
{
    /// <summary>The id that names the most recent finished run.</summary>
    public const string Latest = "latest";

    public static async Task<(RunFolder Folder, TuningResult Result, string Id)> LocateAsync(
        string run,
        ITrialStore store,
        string stateDirectory,
        CancellationToken cancellationToken
    )
    {
        var runs = await store.ListRunsAsync(cancellationToken);
        var finished = runs.Where(r => r.Status == RunStatus.Finished).OrderBy(r => r.Run.StartedAt).ToList();
        if (run == Latest)
        {
            run =
                finished.LastOrDefault()?.Run.Id
                ?? throw new RunNotFoundException(
                    $"no latest run: the history in {store.Location} has no finished runs"
                );
        }

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
                var full = Path.GetFullPath(folder);
                var id =
                    runs.FirstOrDefault(r => r.Run.Id == run || PathsMatch(r.Run.Folder, full))?.Run.Id
                    ?? Path.GetFileName(full.TrimEnd(Path.DirectorySeparatorChar));
                return (
                    new RunFolder(full),
                    ResultJsonReader.Read(await File.ReadAllTextAsync(result, cancellationToken)),
                    id
                );
            }
        }

        if (Directory.Exists(run))
        {
            throw new RunNotFoundException(
                $"the folder '{run}' holds no result.json: not a run folder, or a run that did not finish "
                    + "('optimize --resume' continues one)"
            );
        }

        var known = finished.Select(r => r.Run.Id).ToList();
        var close = known.Where(id => id.Contains(run, StringComparison.OrdinalIgnoreCase)).TakeLast(3).ToList();
        throw new RunNotFoundException(
            known.Count == 0 ? $"no run '{run}': the history in {store.Location} has no finished runs yet"
            : close.Count > 0 ? $"no run '{run}'; did you mean {string.Join(" or ", close.Select(c => $"'{c}'"))}?"
            : $"no run '{run}'; the latest is '{known[^1]}' ('latest' names it; 'mlenergy history' lists all "
                + $"{known.Count})"
        );
    }

    private static bool PathsMatch(string folder, string full) =>
        folder.Length > 0
        && Path.GetFullPath(folder).TrimEnd(Path.DirectorySeparatorChar) == full.TrimEnd(Path.DirectorySeparatorChar);
}
