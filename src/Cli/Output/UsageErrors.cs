using MLEnergy.Profiler.Measure;
using MLEnergy.Recommender.Results;
using MLEnergy.Recommender.Search;
using MLEnergy.Recommender.Slo;
using MLEnergy.Recommender.Spaces;
using MLEnergy.Runtime.History;
using MLEnergy.Runtime.Load;
using MLEnergy.Runtime.Locks;
using MLEnergy.Runtime.Replay;
using MLEnergy.Runtime.Requests;
using MLEnergy.Runtime.State;
using MLEnergy.Runtime.Stores;
using MLEnergy.Simulation;

namespace MLEnergy.Cli.Output;

/// <summary>
/// The failures that are the person's input, not the program, named one by one: a <see cref="FormatException"/>
/// from anywhere else is a defect and is not passed off as bad input.
/// </summary>
internal static class UsageErrors
{
    public static bool IsUsageError(Exception exception) =>
        exception
            is SloFormatException
                or SearchSpaceException
                or SearchSettingsException
                or ReplayDataException
                or TargetException
                or OptimizeInputException
                or StateDirectoryException
                or LockFileException
                or UnknownCatalogEntryException
                or ResultFormatException
                or RunNotFoundException
                or LoadSpecException
                or StoreAddressException
                or OptionValueException
                or MeasureStartException;
}
