using MLEnergy.Units;
using Npgsql;

namespace MLEnergy.Runtime.Stores;

/// <summary>
/// Turns <c>postgres://USER:PASSWORD@HOST:PORT/DATABASE?sslmode=...</c>, or <c>postgres:KEY=VALUE;...</c> (<see
/// cref="PostgresKeyValues"/>), into an Npgsql connection string. An option after <c>?</c>, or a key, that the address
/// does not take is refused in one line, naming the ones it takes (as <see cref="SpecOptions"/> does for the other
/// specs), never passed on or dropped; no Npgsql message reaches the person.
/// </summary>
public static class PostgresConnectionString
{
    /// <param name="store">The address.</param>
    /// <param name="source">
    /// Where the address came from, as errors name it (<see cref="TrialStoreFactory.Source"/>: <c>--store</c>,
    /// <c>$MLENERGY_STORE</c>, <c>--store env:NAME ($NAME)</c>).
    /// </param>
    public static string From(string store, string source)
    {
        if (!store.Contains("://", StringComparison.Ordinal))
        {
            var text = store[(store.IndexOf(':', StringComparison.Ordinal) + 1)..];
            var (connectionString, problem) = PostgresKeyValues.Read(text);
            return problem is null
                ? connectionString
                : throw new StoreAddressException($"cannot read {source} '{Redact(store)}': {problem}");
        }

        if (!Uri.TryCreate(store, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
        {
            throw new StoreAddressException(
                $"cannot read {source} '{Redact(store)}': expected postgres://USER:PASSWORD@HOST:PORT/DATABASE"
            );
        }

        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = uri.Host,
            Port = uri.Port > 0 ? uri.Port : 5432,
            Database = Uri.UnescapeDataString(uri.AbsolutePath.Trim('/')) is { Length: > 0 } db ? db : DefaultDatabase,
        };
        var userInfo = uri.UserInfo.Split(':', 2);
        if (userInfo[0].Length > 0)
        {
            builder.Username = Uri.UnescapeDataString(userInfo[0]);
        }

        if (userInfo.Length == 2)
        {
            builder.Password = Uri.UnescapeDataString(userInfo[1]);
        }

        var given = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var kv = pair.Split('=', 2);
            var name = Uri.UnescapeDataString(kv[0]);
            var known = Array.FindIndex(Options, o => o.Name.Equals(name, StringComparison.OrdinalIgnoreCase));
            var problem =
                known < 0 ? $"unknown option '{name}': {SpecOptions.Takes(Form, [.. Options.Select(o => o.Written)])}"
                : !given.Add(name) ? $"the option '{name}' is given twice: give it once"
                : kv.Length < 2 || kv[1].Length == 0 ? $"the option {Options[known].Written} has no value"
                : Set(builder, Options[known], Uri.UnescapeDataString(kv[1]));
            if (problem is not null)
            {
                throw new StoreAddressException($"cannot read {source} '{Redact(store)}': {problem}");
            }
        }

        return builder.ConnectionString;
    }

    private const string Form = "a postgres:// address";

    /// <summary>The database of an address that names none.</summary>
    public const string DefaultDatabase = "mlenergy";

    /// <summary>
    /// The options an address takes after <c>?</c>, by their libpq names (as <c>psql</c> reads the same address), and
    /// the connection-string key each sets.
    /// </summary>
    internal static readonly (string Name, string Written, string Key)[] Options =
    [
        ("sslmode", "sslmode=disable|allow|prefer|require|verify-ca|verify-full", "SSL Mode"),
        ("sslrootcert", "sslrootcert=FILE", "Root Certificate"),
        ("sslcert", "sslcert=FILE", "SSL Certificate"),
        ("sslkey", "sslkey=FILE", "SSL Key"),
        ("connect_timeout", "connect_timeout=SECONDS", "Timeout"),
        ("application_name", "application_name=NAME", "Application Name"),
        ("target_session_attrs", "target_session_attrs=any|primary|standby|...", "Target Session Attributes"),
    ];

    /// <summary>Sets the option; the problem with its value, or null.</summary>
    internal static string? Set(
        NpgsqlConnectionStringBuilder builder,
        (string Name, string Written, string Key) option,
        string value
    )
    {
        try
        {
            // libpq writes verify-full, Npgsql VerifyFull.
            builder[option.Key] = option.Name == "sslmode" ? value.Replace("-", "", StringComparison.Ordinal) : value;
            return null;
        }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidCastException)
        {
            return $"'{value}' is not a value of {option.Written}";
        }
    }

    /// <summary>
    /// A password written as <c>password=</c>, <c>pwd=</c> or <c>psw=</c> (Npgsql's names) hidden, a quoted one (which
    /// may hold <c>;</c>) to its closing quote, or to the end where the quote is never closed.
    /// </summary>
    private static string RedactPassword(string message) =>
        System.Text.RegularExpressions.Regex.Replace(
            message,
            """(?i)(password|pwd|psw)(\s*)=\s*(?:"(?:[^"]|"")*(?:"|$)|'(?:[^']|'')*(?:'|$)|[^;]*)""",
            "$1$2=***"
        );

    /// <summary>The store text with its password hidden, for messages.</summary>
    public static string Redact(string store) =>
        RedactPassword(System.Text.RegularExpressions.Regex.Replace(store, "://([^:@/]*):[^@]*@", "://$1:***@"));
}
