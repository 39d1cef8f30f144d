namespace MLEnergy.Runtime.Journal;

/// <summary>What a journal entry promises to put back.</summary>
public enum JournalEntryKind
{
    /// <summary>A GPU's SM clocks were locked; restoring resets them to the driver's default.</summary>
    GpuClocks,

    /// <summary>A GPU's power limit was changed; restoring sets the recorded original.</summary>
    GpuPowerLimit,

    /// <summary>A server process was started; restoring stops it.</summary>
    ServerProcess,
}
