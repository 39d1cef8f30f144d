using System.Security.Cryptography;
using System.Text;
using MLEnergy.Runtime.Journal;

namespace MLEnergy.Runtime.Locks;

/// <summary>Something one mlenergy process at a time may change: a GPU (by UUID) or a state directory.</summary>
public sealed record LockName(string Key, string Display)
{
    /// <summary>A GPU, named by its UUID so that a renumbered host still finds the same lock.</summary>
    public static LockName Gpu(int index, string uuid) => new($"gpu-{Safe(uuid)}", $"gpu{index} ({uuid})");

    /// <summary>A GPU a journal names (its index then may be stale).</summary>
    public static LockName Gpu(string uuid) => new($"gpu-{Safe(uuid)}", uuid);

    /// <summary>The GPUs a journal names, to be locked before any of them is put back.</summary>
    public static IEnumerable<LockName> GpusOf(HostJournal journal) =>
        journal.Entries.Where(e => e.GpuUuid is not null).Select(e => Gpu(e.GpuUuid!));

    /// <summary>
    /// A state directory (its journal and run folders), whatever path spells it: a symbolic link to it, or a relative
    /// path, is the same lock.
    /// </summary>
    public static LockName State(string directory)
    {
        var full = CanonicalPath.Of(directory);
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(full)))[..16];
        return new($"state-{hash}", $"state directory {full}");
    }

    private static string Safe(string text) =>
        new([.. text.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_')]);
}
