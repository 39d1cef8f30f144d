using MLEnergy.Runtime.Stores;
using MLEnergy.Runtime.Tests.Support;

namespace MLEnergy.Runtime.Tests.Stores;

/// <summary>
/// The same contract on a real PostgreSQL server (MLENERGY_TEST_POSTGRES, a postgres:// URL or key=value string).
/// </summary>
public sealed class PostgresTrialStoreTests
{
    private static readonly string Unique = Guid.NewGuid().ToString("N")[..8];

    [PostgresFact]
    public async Task TrialsComeBackInOrderWithEverythingTheyCarried()
    {
        await using var store = await TrialStoreFactory.OpenAsync(Store(), "/nonexistent", CancellationToken.None);
        await TrialStoreContract.TrialsComeBackInOrderWithEverythingTheyCarried(store, $"pg-trials-{Unique}");
    }

    [PostgresFact]
    public async Task TrialsShortOfSamplesGiveTheSameVerdictWhenReadBack()
    {
        await using var store = await TrialStoreFactory.OpenAsync(Store(), "/nonexistent", CancellationToken.None);
        await TrialStoreContract.TrialsShortOfSamplesGiveTheSameVerdictWhenReadBack(store, $"pg-short-{Unique}");
    }

    [PostgresFact]
    public async Task AFinishedRunCarriesItsRecommendation()
    {
        await using var store = await TrialStoreFactory.OpenAsync(Store(), "/nonexistent", CancellationToken.None);
        await TrialStoreContract.AFinishedRunCarriesItsRecommendation(store, $"pg-finished-{Unique}");
    }

    [PostgresFact]
    public async Task TwoConnectionsShareOneHistory()
    {
        await using var first = await TrialStoreFactory.OpenAsync(Store(), "/nonexistent", CancellationToken.None);
        await using var second = await TrialStoreFactory.OpenAsync(Store(), "/nonexistent", CancellationToken.None);
        await first.BeginRunAsync(StoreRecords.Run($"pg-shared-{Unique}", host: "host-b"), CancellationToken.None);

        (await second.ListRunsAsync(CancellationToken.None))
            .Should()
            .Contain(r => r.Run.Id == $"pg-shared-{Unique}" && r.Run.HostId == "host-b");
    }

    private static string Store()
    {
        var text = PostgresFactAttribute.ConnectionString!;
        return text.Contains("://", StringComparison.Ordinal) ? text : "postgres:" + text;
    }
}
