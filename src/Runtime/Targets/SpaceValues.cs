using MLEnergy.Recommender.Spaces;
using MLEnergy.Runtime.Load;
using MLEnergy.Runtime.Requests;
using MLEnergy.Simulation.Load;

namespace MLEnergy.Runtime.Targets;

/// <summary>
/// The load and workload a space file names (and the command line does not replace), checked when the file is read:
/// a refused one names the file, line and column, as the space reader's own errors do, and every target gets it.
/// </summary>
internal static class SpaceValues
{
    public static void Check(OptimizeRequest request, SpaceDocument document)
    {
        if (request.Load is null && document.Positions.ContainsKey("load"))
        {
            try
            {
                LoadPlanParser.ParseSpec(document.Space.Load);
            }
            catch (LoadSpecException e)
            {
                throw document.ErrorAt("load", e.Message);
            }
        }

        if (request.Workload is null && document.Space.Workload is { } workload && !Workloads.TryParse(workload, out _))
        {
            throw document.ErrorAt("workload", Workloads.Unknown(workload));
        }
    }
}
