using System.Data.Common;
using System.Text.RegularExpressions;
using MLEnergy.Units;
using Npgsql;

namespace MLEnergy.Runtime.Stores;

/// <summary>
/// The <c>postgres:KEY=VALUE;...</c> form of a store address, read as its URL form is: it takes the address's parts
/// (<c>Host</c>, <c>Port</c>, <c>Database</c>, <c>Username</c>, <c>Password</c>) and the options the URL takes after
/// <c>?</c>, each by its Npgsql key or its psql name (<c>dbname</c>, <c>user</c>, <c>sslmode</c>, ...); any other key
/// is refused naming the ones it takes, never passed on to Npgsql, whose own message ("Couldn't set foo (Parameter
/// 'foo')") says neither what was wrong nor what would do. Without a database it names
/// <see cref="PostgresConnectionString.DefaultDatabase"/>, as the URL form does.
/// </summary>
internal static partial class PostgresKeyValues
{
    private const string Form = "postgres:KEY=VALUE;...";

    /// <summary>The connection string, or why the text cannot be one (in one line, without the password).</summary>
    public static (string ConnectionString, string? Problem) Read(string text)
    {
        var parsed = new DbConnectionStringBuilder();
        try
        {
            parsed.ConnectionString = text;
        }
        catch (ArgumentException)
        {
            return ("", $"expected KEY=VALUE pairs separated by ';', e.g. postgres:Host=db;Database=fleet");
        }

        if (Repeated(text) is { } repeated)
        {
            return ("", repeated);
        }

        var builder = new NpgsqlConnectionStringBuilder { Database = PostgresConnectionString.DefaultDatabase };
        foreach (string key in parsed.Keys)
        {
            var value = (string)parsed[key];
            var problem =
                Find(key) is not { } known ? $"unknown key '{Written(text, key)}': {Takes()}"
                : Options.FirstOrDefault(o => o.Key == known.Key) is { Name: not null } option
                    ? PostgresConnectionString.Set(builder, option, value)
                : Set(builder, known, value);
            if (problem is not null)
            {
                return ("", problem);
            }
        }

        // As the URL form needs its host: without one Npgsql fails only on opening, in its own words.
        return string.IsNullOrWhiteSpace(builder.Host)
            ? ("", "no Host: the address needs Host=HOST (psql's host), e.g. postgres:Host=db;Database=fleet")
            : (builder.ConnectionString, null);
    }

    /// <summary>The address's parts: the Npgsql key, the psql name, Npgsql's other names, and the form written.
    /// </summary>
    private static readonly (string Key, string Psql, string[] Others, string Written)[] Parts =
    [
        ("Host", "host", ["Server"], "Host=HOST"),
        ("Port", "port", [], "Port=NUMBER"),
        ("Database", "dbname", ["DB"], "Database=NAME"),
        ("Username", "user", ["User ID", "UserId", "User Name"], "Username=NAME"),
        ("Password", "password", ["PWD", "PSW"], "Password=PASSWORD"),
    ];

    private static (string Name, string Written, string Key)[] Options => PostgresConnectionString.Options;

    /// <summary>The part or option a key names (case and spaces aside), by its Npgsql key or psql name.</summary>
    private static (string Key, string Written)? Find(string key)
    {
        var wanted = Plain(key);
        foreach (var part in Parts)
        {
            if (((string[])[part.Key, part.Psql, .. part.Others]).Any(n => Plain(n) == wanted))
            {
                return (part.Key, part.Written);
            }
        }

        foreach (var option in Options)
        {
            if (Plain(option.Key) == wanted || Plain(option.Name) == wanted)
            {
                return (option.Key, option.Written);
            }
        }

        return null;
    }

    private static string Plain(string name) => name.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();

    private static string Takes() =>
        SpecOptions.Takes(Form, [.. Parts.Select(p => p.Key), .. Options.Select(o => o.Key)])
        + $" (or psql's names: {string.Join(", ", Parts.Select(p => p.Psql).Concat(Options.Select(o => o.Name)))})";

    private static string? Set(NpgsqlConnectionStringBuilder builder, (string Key, string Written) part, string value)
    {
        try
        {
            builder[part.Key] = value;
            return null;
        }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidCastException)
        {
            return part.Key == "Password"
                ? "the password cannot be read"
                : $"'{value}' is not a value of {part.Written}";
        }
    }

    /// <summary>
    /// Two keys that set the same part or option (<c>Host</c> and <c>Server</c>, <c>user</c> and <c>Username</c>,
    /// a key twice), which the parser would settle silently by keeping the last; null when there are none.
    /// </summary>
    private static string? Repeated(string text)
    {
        var keys = WrittenKeys(text).Select(k => (Written: k, Known: Find(k))).Where(k => k.Known is not null);
        foreach (var same in keys.GroupBy(k => k.Known!.Value.Key).Where(g => g.Count() > 1))
        {
            var (first, second) = (same.First(), same.Skip(1).First());
            return first.Written.Equals(second.Written, StringComparison.OrdinalIgnoreCase)
                ? $"the key '{first.Written}' is given twice: give it once"
                : $"'{first.Written}' and '{second.Written}' both set {first.Known!.Value.Written}: give one of them";
        }

        return null;
    }

    /// <summary>The key as the person wrote it (the parser lowers it).</summary>
    private static string Written(string text, string key) =>
        WrittenKeys(text).FirstOrDefault(k => k.Equals(key, StringComparison.OrdinalIgnoreCase)) ?? key;

    /// <summary>The keys of a text the parser has read, as written, in order (a quoted value's ';' skipped).</summary>
    private static IEnumerable<string> WrittenKeys(string text) =>
        PairPattern().Matches(text).Select(m => m.Groups["key"].Value.Trim());

    [GeneratedRegex("""(?:^|;)\s*(?<key>[^=;]+?)\s*=\s*(?:"(?:[^"]|"")*"|'(?:[^']|'')*'|[^;]*)""")]
    private static partial Regex PairPattern();
}
