using System.Globalization;
using System.Net;
using System.Text;

namespace MLEnergy.Recommender.Reports.Plots;

/// <summary>Appends SVG elements with invariant number formatting and escaped text.</summary>
internal sealed class Svg(StringBuilder text)
{
    public static string N(double value) => Math.Round(value, 2).ToString("0.##", CultureInfo.InvariantCulture);

    public static string Escape(string value) => WebUtility.HtmlEncode(value);

    public Svg Raw(string markup)
    {
        text.Append(markup).Append('\n');
        return this;
    }

    public Svg Line(double x1, double y1, double x2, double y2, string cssClass) =>
        Raw($"<line class=\"{cssClass}\" x1=\"{N(x1)}\" y1=\"{N(y1)}\" x2=\"{N(x2)}\" y2=\"{N(y2)}\"/>");

    public Svg Text(double x, double y, string cssClass, string content, string anchor = "middle", double rotate = 0) =>
        Raw(
            rotate == 0
                ? $"<text class=\"{cssClass}\" x=\"{N(x)}\" y=\"{N(y)}\" "
                    + $"text-anchor=\"{anchor}\">{Escape(content)}</text>"
                : $"<text class=\"{cssClass}\" x=\"{N(x)}\" y=\"{N(y)}\" text-anchor=\"{anchor}\" "
                    + $"transform=\"rotate({N(rotate)} {N(x)} {N(y)})\">{Escape(content)}</text>"
        );

    public Svg Polyline(IEnumerable<(double X, double Y)> points, string cssClass) =>
        Raw(
            $"<polyline class=\"{cssClass}\" points=\"{string.Join(' ', points.Select(p => $"{N(p.X)},{N(p.Y)}"))}\"/>"
        );

    public Svg Circle(double x, double y, double r, string cssClass, string title) =>
        Raw(
            $"<circle class=\"{cssClass}\" cx=\"{N(x)}\" cy=\"{N(y)}\" "
                + $"r=\"{N(r)}\"><title>{Escape(title)}</title></circle>"
        );

    public Svg Rect(double x, double y, double width, double height, string cssClass, string? title = null) =>
        Raw(
            title is null
                ? $"<rect class=\"{cssClass}\" x=\"{N(x)}\" y=\"{N(y)}\" width=\"{N(width)}\" height=\"{N(height)}\"/>"
                : $"<rect class=\"{cssClass}\" x=\"{N(x)}\" y=\"{N(y)}\" width=\"{N(width)}\" "
                    + $"height=\"{N(height)}\"><title>{Escape(title)}</title></rect>"
        );

    public Svg Polygon(IEnumerable<(double X, double Y)> points, string cssClass, string title) =>
        Raw(
            $"<polygon class=\"{cssClass}\" "
                + $"points=\"{string.Join(' ', points.Select(p => $"{N(p.X)},{N(p.Y)}"))}\">"
                + $"<title>{Escape(title)}</title></polygon>"
        );
}
