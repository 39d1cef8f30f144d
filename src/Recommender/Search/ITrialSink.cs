namespace MLEnergy.Recommender.Search;

/// <summary>Keeps every trial as it finishes (a history store), awaited before the next trial starts.</summary>
public interface ITrialSink
{
    Task RecordAsync(TrialProgress trial, CancellationToken cancellationToken);
}
