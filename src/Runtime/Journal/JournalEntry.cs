namespace MLEnergy.Runtime.Journal;

/// <summary>
/// One change on the host that must be undone: written to the journal before the change is made. GPUs are named by
/// index and UUID (the UUID guards against a renumbered host); a process by id and start time (against id reuse).
/// </summary>
public sealed record JournalEntry(JournalEntryKind Kind)
{
    public int? Gpu { get; init; }

    public string? GpuUuid { get; init; }

    /// <summary>A simulated GPU's sim-server address (its control interface); null for this host's NVML GPUs.</summary>
    public string? ControlAddress { get; init; }

    /// <summary>The power limit before the change, for <see cref="JournalEntryKind.GpuPowerLimit"/>.</summary>
    public double? OriginalPowerLimitWatts { get; init; }

    /// <summary>
    /// Every power limit this tool set while the entry was open, journaled before each was set: a GPU found at none of
    /// them (nor at the original) was changed by someone else since, and a restore leaves it as they set it.
    /// </summary>
    public IReadOnlyList<double>? SetPowerLimitsWatts { get; init; }

    /// <summary>
    /// Every SM clock cap this tool locked while the entry was open, journaled before each was set: a GPU whose lock
    /// reads back at none of them was locked by someone else since, and a restore leaves it as they set it (the rule
    /// of <see cref="SetPowerLimitsWatts"/>).
    /// </summary>
    public IReadOnlyList<double>? SetSmClockCapsMhz { get; init; }

    public int? ProcessId { get; init; }

    public DateTimeOffset? ProcessStart { get; init; }

    /// <summary>A server launch: journaled (with its arguments) before the process is spawned.</summary>
    public string? Launch { get; init; }

    /// <summary>The server's argument list, to check that a process found by id is still the one launched.</summary>
    public IReadOnlyList<string>? Arguments { get; init; }

    /// <summary>
    /// Set by <c>mlenergy apply</c> on the entries of the settings it left set on purpose: a command that starts on
    /// this state directory puts them back as it does a killed run's, and says that it undoes the applied setting.
    /// </summary>
    public bool? Applied { get; init; }

    /// <summary>For people: what was changed or started.</summary>
    public string Description { get; init; } = string.Empty;

    /// <summary>
    /// Entries with the same key describe the same thing to restore; only the first (the original) counts. A GPU is
    /// its UUID (its index only in a journal that has none): another GPU now at a journaled index, one before it gone
    /// from the bus, is another thing to restore, not the one a killed run left.
    /// </summary>
    public string Key =>
        Kind switch
        {
            JournalEntryKind.ServerProcess => Launch is { } launch ? $"server:{launch}" : $"process:{ProcessId}",
            _ => ControlAddress is { } address ? $"{Kind}:{address}:{GpuKey}" : $"{Kind}:{GpuKey}",
        };

    private string GpuKey => GpuUuid ?? Gpu?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "";

    public static JournalEntry Clocks(int gpu, string uuid, string? controlAddress = null, double? settingMhz = null) =>
        new(JournalEntryKind.GpuClocks)
        {
            SetSmClockCapsMhz = settingMhz is { } mhz ? [mhz] : null,
            Gpu = gpu,
            GpuUuid = uuid,
            ControlAddress = controlAddress,
            Description = $"{Where(gpu, controlAddress)} SM clocks locked (reset to default)",
        };

    public static JournalEntry PowerLimit(
        int gpu,
        string uuid,
        double originalWatts,
        string? controlAddress = null,
        double? settingWatts = null
    ) =>
        new(JournalEntryKind.GpuPowerLimit)
        {
            SetPowerLimitsWatts = settingWatts is { } watts ? [watts] : null,
            Gpu = gpu,
            GpuUuid = uuid,
            ControlAddress = controlAddress,
            OriginalPowerLimitWatts = originalWatts,
            Description = FormattableString.Invariant(
                $"{Where(gpu, controlAddress)} power limit changed (original {originalWatts:0.###} W)"
            ),
        };

    private static string Where(int gpu, string? controlAddress) =>
        controlAddress is null ? $"gpu{gpu}" : $"simulated gpu{gpu} at {controlAddress}";

    /// <summary>
    /// A server about to be spawned: written before the process exists, then completed with <see cref="Started"/>.
    /// </summary>
    public static JournalEntry ServerIntent(IReadOnlyList<string> arguments, string command) =>
        new(JournalEntryKind.ServerProcess)
        {
            Launch = Guid.NewGuid().ToString("N"),
            Arguments = [.. arguments],
            Description = $"server being started: {command}",
        };

    /// <summary>This launch's process: its id and start time (null when it was gone before it could be read).</summary>
    public JournalEntry Started(int processId, DateTimeOffset? start) =>
        this with
        {
            ProcessId = processId,
            ProcessStart = start,
            Description = Description.Replace("server being started:", $"server process {processId}:"),
        };

    public static JournalEntry Server(int processId, DateTimeOffset start, string command) =>
        new(JournalEntryKind.ServerProcess)
        {
            ProcessId = processId,
            ProcessStart = start,
            Description = $"server process {processId}: {command}",
        };
}
