using MLEnergy.Recommender.Plans;
using MLEnergy.Recommender.Results;
using MLEnergy.Runtime.History;

namespace MLEnergy.Runtime.Governor;

/// <summary>
/// Finds the plan to follow: a plan.json path, a run folder holding one, a run id under <c>STATE/runs</c>, or
/// <c>latest</c> (the newest run folder there that has a plan).
/// </summary>
public static class PlanLocator
{
    /// <exception cref="RunNotFoundException">No plan there.</exception>
    /// <exception cref="ResultFormatException">A plan.json that cannot be read.</exception>
    public static LoadPlan Read(string plan, string stateDirectory)
    {
        if (string.IsNullOrWhiteSpace(plan))
        {
            throw new RunNotFoundException(
                $"no plan given: name a {LoadPlanJson.FileName}, a run folder or run id with one, or latest"
            );
        }

        var runs = Path.Combine(stateDirectory, "runs");
        var candidates = new List<string> { plan, Path.Combine(plan, LoadPlanJson.FileName) };
        candidates.Add(Path.Combine(runs, plan, LoadPlanJson.FileName));
        if (plan == RunLocator.Latest && Directory.Exists(runs))
        {
            candidates.AddRange(
                Directory
                    .EnumerateDirectories(runs)
                    .Select(d => Path.Combine(d, LoadPlanJson.FileName))
                    .Where(File.Exists)
                    .OrderByDescending(File.GetLastWriteTimeUtc)
                    .Take(1)
            );
        }

        var path =
            candidates.FirstOrDefault(File.Exists)
            ?? throw new RunNotFoundException(
                $"no plan '{plan}': not a {LoadPlanJson.FileName}, nor a run folder or run id under {runs} with one "
                    + "('mlenergy optimize --load-levels' writes it)"
            );
        return LoadPlanJson.Read(File.ReadAllText(path), path);
    }
}
