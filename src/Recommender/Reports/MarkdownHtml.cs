using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace MLEnergy.Recommender.Reports;

/// <summary>
/// Turns the Markdown the report writer produces (headings, paragraphs, lists, tables, code blocks, bold and
/// code spans) into HTML, so that report.html holds everything report.md holds. Not a general Markdown parser.
/// </summary>
internal static partial class MarkdownHtml
{
    public static string Convert(string markdown)
    {
        var html = new StringBuilder();
        var lines = markdown.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            if (line.StartsWith("```", StringComparison.Ordinal))
            {
                var code = new List<string>();
                for (i++; i < lines.Length && !lines[i].StartsWith("```", StringComparison.Ordinal); i++)
                {
                    code.Add(lines[i]);
                }

                html.Append("<pre>").Append(WebUtility.HtmlEncode(string.Join("\n", code))).Append("</pre>\n");
            }
            else if (Heading().Match(line) is { Success: true } heading)
            {
                var level = heading.Groups[1].Value.Length;
                html.Append($"<h{level}>{Inline(heading.Groups[2].Value)}</h{level}>\n");
            }
            else if (line.StartsWith('|'))
            {
                var rows = new List<string>();
                for (; i < lines.Length && lines[i].StartsWith('|'); i++)
                {
                    rows.Add(lines[i]);
                }

                i--;
                Table(html, rows);
            }
            else if (line.StartsWith("- ", StringComparison.Ordinal))
            {
                html.Append("<ul>");
                for (; i < lines.Length && lines[i].StartsWith("- ", StringComparison.Ordinal); i++)
                {
                    html.Append($"<li>{Inline(lines[i][2..])}</li>");
                }

                i--;
                html.Append("</ul>\n");
            }
            else if (line.Length > 0)
            {
                html.Append($"<p>{Inline(line)}</p>\n");
            }
        }

        return html.ToString();
    }

    private static void Table(StringBuilder html, List<string> rows)
    {
        var aligns = rows.Count > 1 ? Cells(rows[1]).Select(c => c.EndsWith(':')).ToList() : [];
        html.Append("<table>");
        html.Append("<tr>").Append(string.Concat(Cells(rows[0]).Select(c => $"<th>{Inline(c)}</th>"))).Append("</tr>");
        foreach (var row in rows.Skip(2))
        {
            var cells = Cells(row);
            html.Append("<tr>");
            for (var c = 0; c < cells.Count; c++)
            {
                var numeric = c < aligns.Count && aligns[c] ? " class=\"n\"" : string.Empty;
                html.Append($"<td{numeric}>{Inline(cells[c])}</td>");
            }

            html.Append("</tr>");
        }

        html.Append("</table>\n");
    }

    private static List<string> Cells(string row) => [.. row.Trim().Trim('|').Split('|').Select(c => c.Trim())];

    private static string Inline(string text)
    {
        var encoded = WebUtility.HtmlEncode(text);
        encoded = Code().Replace(encoded, "<code>$1</code>");
        return Bold().Replace(encoded, "<strong>$1</strong>");
    }

    [GeneratedRegex("^(#{1,4}) (.*)$")]
    private static partial Regex Heading();

    [GeneratedRegex("`([^`]*)`")]
    private static partial Regex Code();

    [GeneratedRegex(@"\*\*(.+?)\*\*")]
    private static partial Regex Bold();
}
