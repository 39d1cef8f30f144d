using Npgsql;

namespace MLEnergy.Runtime.Stores;

/// <summary>
/// Why a PostgreSQL store could not be opened, in one line a person acts on: the server's own sentence without its
/// SQLSTATE code (<c>28P01: password authentication failed ...</c>), and what to do for a password or database that
/// is wrong or missing. The password itself is never in it.
/// </summary>
public static class PostgresFailure
{
    public static string Describe(Exception e, NpgsqlConnectionStringBuilder address)
    {
        ArgumentNullException.ThrowIfNull(e);
        ArgumentNullException.ThrowIfNull(address);
        return e switch
        {
            PostgresException { SqlState: "28P01" } =>
                $"the server refused the password of user '{address.Username}': check the password in the address, "
                    + "PGPASSWORD or the passfile (~/.pgpass)",
            PostgresException { SqlState: "3D000" } =>
                $"the server has no database '{address.Database}': create it, or name another one in the address",
            PostgresException p => p.MessageText,
            NpgsqlException when e.Message.Contains("No password has been provided", StringComparison.Ordinal) =>
                $"the server asks for a password of user '{address.Username}' and none was given: put it in the "
                    + "address (postgres://USER:PASSWORD@HOST/DB), PGPASSWORD or the passfile (~/.pgpass)",
            _ => e.Message,
        };
    }
}
