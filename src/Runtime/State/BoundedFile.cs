namespace MLEnergy.Runtime.State;

/// <summary>
/// Reads a file the person named only up to a size: a device (/dev/zero), a pipe or an endless file is refused with
/// the caller's exception instead of filling memory.
/// </summary>
public static class BoundedFile
{
    public const int DataLimit = 64 << 20;

    public static string ReadAllText(string path, int maxChars, Func<string, Exception> tooLarge)
    {
        using var reader = new StreamReader(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read));
        var text = new System.Text.StringBuilder();
        var buffer = new char[81920];
        int read;
        while ((read = reader.Read(buffer, 0, buffer.Length)) > 0)
        {
            if (text.Length + read > maxChars)
            {
                throw tooLarge($"'{path}' is larger than {maxChars >> 20} MiB (or endless): refused");
            }

            text.Append(buffer, 0, read);
        }

        return text.ToString();
    }
}
