namespace MLEnergy.Integration.Tests.Support;

/// <summary>
/// A test that needs a PostgreSQL server: skipped, with the reason, unless MLENERGY_TEST_POSTGRES holds a connection
/// string (<c>.ci/postgres-setup.sh</c> starts one on loopback and prints the export line).
/// </summary>
internal sealed class PostgresFactAttribute : FactAttribute
{
    public const string Variable = "MLENERGY_TEST_POSTGRES";

    public PostgresFactAttribute()
    {
        if (string.IsNullOrWhiteSpace(ConnectionString))
        {
            Skip = $"{Variable} is not set: no PostgreSQL server to test against (.ci/postgres-setup.sh starts one)";
        }
    }

    public static string? ConnectionString => Environment.GetEnvironmentVariable(Variable);
}
