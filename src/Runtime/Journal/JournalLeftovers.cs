namespace MLEnergy.Runtime.Journal;

/// <summary>
/// How <c>optimize</c> and <c>govern</c> name what a state directory's journal holds when they start, before they
/// put it back: an <c>apply</c>'s settings, or what an earlier run left (killed, or its restore cut short).
/// </summary>
public static class JournalLeftovers
{
    /// <summary>"what an earlier run left", or "what 'mlenergy apply' left set" where the journal holds apply's.
    /// </summary>
    public static string What(HostJournal journal) =>
        journal.Entries.Any(e => e.Applied == true) ? "what 'mlenergy apply' left set" : "what an earlier run left";

    /// <summary>
    /// The one line that says an applied setting is undone and how to keep it; null when the journal holds none.
    /// </summary>
    public static string? AppliedUndone(HostJournal journal) =>
        journal.Entries.Any(e => e.Applied == true)
            ? $"the state directory {Path.GetDirectoryName(journal.FilePath)} holds the GPU settings 'mlenergy apply' "
                + "left set: they go back to what was there before apply (with another --state-dir, the applied "
                + "settings are kept and are what is put back at the end)"
            : null;
}
