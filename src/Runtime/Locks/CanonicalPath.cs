using System.Runtime.InteropServices;

namespace MLEnergy.Runtime.Locks;

/// <summary>
/// A folder's one name: absolute, with every symbolic link, <c>.</c> and <c>..</c> resolved (<c>realpath</c>), so
/// that a link, a relative path or a trailing slash name the same folder as its real path. A tail that does not exist
/// yet is kept as written after the part that does.
/// </summary>
internal static partial class CanonicalPath
{
    public static string Of(string path)
    {
        var full = Path.GetFullPath(path);
        var root = Path.GetPathRoot(full) ?? string.Empty;
        var rest = new Stack<string>();
        var existing = full.TrimEnd(Path.DirectorySeparatorChar);
        while (existing.Length > root.Length && !Path.Exists(existing))
        {
            rest.Push(Path.GetFileName(existing));
            existing = Path.GetDirectoryName(existing) ?? root;
        }

        var real = OperatingSystem.IsWindows() ? existing : Resolve(existing) ?? existing;
        return rest.Aggregate(real, Path.Combine).TrimEnd(Path.DirectorySeparatorChar) is { Length: > 0 } name
            ? name
            : root;
    }

    private static string? Resolve(string path)
    {
        var resolved = RealPath(path, IntPtr.Zero);
        if (resolved == IntPtr.Zero)
        {
            return null;
        }

        try
        {
            return Marshal.PtrToStringUTF8(resolved);
        }
        finally
        {
            Free(resolved);
        }
    }

    [LibraryImport("libc", EntryPoint = "realpath", StringMarshalling = StringMarshalling.Utf8)]
    private static partial IntPtr RealPath(string path, IntPtr resolved);

    [LibraryImport("libc", EntryPoint = "free")]
    private static partial void Free(IntPtr pointer);
}
