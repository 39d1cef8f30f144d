using System.CommandLine;
using System.Text;

namespace MLEnergy.Cli.Output;

/// <summary>
/// Passes the parser's help text through with the command named as people type it (<c>mlenergy</c>), not as the
/// assembly is called (<c>MLEnergy.Cli</c>).
/// </summary>
internal sealed class UsageNameWriter(TextWriter inner) : TextWriter
{
    private readonly StringBuilder _line = new();

    public override Encoding Encoding => inner.Encoding;

    public override void Write(char value)
    {
        _line.Append(value);
        if (value == '\n')
        {
            Emit();
        }
    }

    public override void Write(string? value)
    {
        foreach (var c in value ?? string.Empty)
        {
            Write(c);
        }
    }

    public override void Flush()
    {
        Emit();
        inner.Flush();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Emit();
        }

        base.Dispose(disposing);
    }

    public static string Rename(string text) =>
        text.Replace(RootCommand.ExecutableName + " ", "mlenergy ", StringComparison.Ordinal)
            .Replace("  " + RootCommand.ExecutableName + "\n", "  mlenergy\n", StringComparison.Ordinal);

    private void Emit()
    {
        if (_line.Length == 0)
        {
            return;
        }

        inner.Write(Rename(_line.ToString()));
        _line.Clear();
    }
}
