using MLEnergy.Recommender.Results;
using MLEnergy.Recommender.Slo;
using MLEnergy.Recommender.Spaces;
using MLEnergy.Runtime.Load;
using MLEnergy.Runtime.History;
using MLEnergy.Runtime.Optimize;
using MLEnergy.Runtime.Replay;
using MLEnergy.Simulation;
using MLEnergy.Runtime.State;
using MLEnergy.Runtime.Targets;

namespace MLEnergy.Cli.Output;

/// <summary>The failures that are the person's input, not the program: one line on stderr and exit code 2.</summary>
internal static class UsageErrors
{
    public static bool IsUsageError(Exception exception) => exception is
        SloFormatException or SearchSpaceException or ReplayDataException or TargetException
        or OptimizeInputException or StateDirectoryException or FormatException or UnknownCatalogEntryException
        or ResultFormatException or RunNotFoundException or LoadSpecException;
}
