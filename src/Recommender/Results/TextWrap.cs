namespace MLEnergy.Recommender.Results;

/// <summary>Word-wraps a line to the terminal width the summary keeps, continuing under an indent.</summary>
internal static class TextWrap
{
    public const int Width = 100;

    public static IEnumerable<string> Lines(string text, string continuation = "    ", int width = Width)
    {
        var indent = text[..(text.Length - text.TrimStart().Length)];
        var line = indent;
        foreach (var word in text.TrimStart().Split(' '))
        {
            var candidate = line.Length == indent.Length ? line + word : $"{line} {word}";
            if (candidate.Length > width && line.Trim().Length > 0)
            {
                yield return line;
                line = continuation + word;
            }
            else
            {
                line = candidate;
            }
        }

        yield return line;
    }

    public static void Write(TextWriter output, string text, string continuation = "    ")
    {
        foreach (var line in Lines(text, continuation))
        {
            output.WriteLine(line);
        }
    }
}
