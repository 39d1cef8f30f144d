using Npgsql;

namespace MLEnergy.Runtime.Stores;

/// <summary>
/// Turns <c>postgres://USER:PASSWORD@HOST:PORT/DATABASE?sslmode=...</c> into an Npgsql connection string.
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
            try
            {
                return new NpgsqlConnectionStringBuilder(text).ConnectionString;
            }
            catch (ArgumentException e)
            {
                throw new StoreAddressException(
                    $"cannot read {source} '{Redact(store)}': {RedactPassword(e.Message)}",
                    e
                );
            }
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
            Database = Uri.UnescapeDataString(uri.AbsolutePath.Trim('/')) is { Length: > 0 } db ? db : "mlenergy",
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

        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var kv = pair.Split('=', 2);
            var key = Uri.UnescapeDataString(kv[0]).Replace('_', ' ');
            try
            {
                builder[key] = kv.Length == 2 ? Uri.UnescapeDataString(kv[1]) : "true";
            }
            catch (Exception e) when (e is ArgumentException or FormatException or InvalidCastException)
            {
                throw new StoreAddressException(
                    $"cannot read {source} '{Redact(store)}': unknown or invalid option '{key}'",
                    e
                );
            }
        }

        return builder.ConnectionString;
    }

    private static string RedactPassword(string message) =>
        System.Text.RegularExpressions.Regex.Replace(message, "(?i)password=[^;]*", "password=***");

    /// <summary>The store text with its password hidden, for messages.</summary>
    public static string Redact(string store) =>
        RedactPassword(System.Text.RegularExpressions.Regex.Replace(store, "://([^:@/]*):[^@]*@", "://$1:***@"));
}
