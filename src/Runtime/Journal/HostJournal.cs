using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;
using MLEnergy.Runtime.State;

namespace MLEnergy.Runtime.Journal;

/// <summary>
/// The record of every change this tool made on the host and has not yet undone, kept in
/// <c>&lt;state&gt;/journal.json</c>. Each <see cref="Record"/> is written and flushed to disk before the caller makes
/// the change, so a run killed at any moment leaves enough behind for <c>mlenergy restore</c>.
/// </summary>
public sealed class HostJournal
{
    public const string FileName = "journal.json";

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    private readonly Lock _gate = new();
    private ImmutableList<JournalEntry> _entries;

    private HostJournal(string path, ImmutableList<JournalEntry> entries)
    {
        FilePath = path;
        _entries = entries;
    }

    public string FilePath { get; }

    public IReadOnlyList<JournalEntry> Entries
    {
        get
        {
            lock (_gate)
            {
                return _entries;
            }
        }
    }

    public bool IsEmpty => Entries.Count == 0;

    /// <summary>Opens the journal of a state directory, reading what an earlier run left behind.</summary>
    public static HostJournal Open(string stateDirectory)
    {
        var path = Path.Combine(stateDirectory, FileName);
        if (!File.Exists(path))
        {
            return new HostJournal(path, []);
        }

        try
        {
            var entries = JsonSerializer.Deserialize<List<JournalEntry>>(File.ReadAllText(path), Json) ?? [];
            return new HostJournal(path, [.. entries]);
        }
        catch (JsonException e)
        {
            throw new StateDirectoryException(
                // The line and JSON path only: the parser's own message names .NET types.
                $"the journal '{path}' cannot be read: not a journal's JSON at line {(e.LineNumber ?? 0) + 1} "
                    + $"({e.Path ?? "$"}); restore the host by hand and delete it",
                e
            );
        }
    }

    /// <summary>
    /// Adds an entry (unless one with the same key is there: the first holds the original, and gains the power limit
    /// or clock cap about to be set when it is a new one) and flushes it to disk; true when it was added.
    /// </summary>
    public bool Record(JournalEntry entry)
    {
        lock (_gate)
        {
            if (_entries.FirstOrDefault(e => e.Key == entry.Key) is not { } open)
            {
                Save(_entries.Add(entry));
                return true;
            }

            var setting = (entry.SetPowerLimitsWatts ?? []).Except(open.SetPowerLimitsWatts ?? []).ToList();
            var locking = (entry.SetSmClockCapsMhz ?? []).Except(open.SetSmClockCapsMhz ?? []).ToList();
            if (setting.Count > 0 || locking.Count > 0)
            {
                var noted = open with
                {
                    SetPowerLimitsWatts =
                        setting.Count > 0 ? [.. open.SetPowerLimitsWatts ?? [], .. setting] : open.SetPowerLimitsWatts,
                    SetSmClockCapsMhz =
                        locking.Count > 0 ? [.. open.SetSmClockCapsMhz ?? [], .. locking] : open.SetSmClockCapsMhz,
                };
                Save([.. _entries.Select(e => e.Key == entry.Key ? noted : e)]);
            }

            return false;
        }
    }

    /// <summary>Completes an entry in place (a server launch once its process id is known) and flushes it.</summary>
    public void Replace(JournalEntry entry, JournalEntry completed)
    {
        lock (_gate)
        {
            Save([.. _entries.Select(e => e.Key == entry.Key ? completed : e)]);
        }
    }

    /// <summary>Forgets an entry once its change was undone; the file goes when nothing is left.</summary>
    public void Remove(JournalEntry entry)
    {
        lock (_gate)
        {
            Save(_entries.RemoveAll(e => e.Key == entry.Key));
        }
    }

    private void Save(ImmutableList<JournalEntry> entries)
    {
        try
        {
            if (entries.IsEmpty)
            {
                File.Delete(FilePath);
            }
            else
            {
                Directory.CreateDirectory(Path.GetDirectoryName(FilePath)!);
                var temporary = FilePath + ".tmp";
                using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
                {
                    JsonSerializer.Serialize(stream, entries, Json);
                    stream.Flush(flushToDisk: true);
                }

                File.Move(temporary, FilePath, overwrite: true);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new StateDirectoryException(
                $"cannot write the journal '{FilePath}': {e.Message}; the change it was to record was not made",
                e
            );
        }

        _entries = entries;
    }
}
