namespace MLEnergy.Recommender.Reports.Plots;

/// <summary>The Pareto plot's legend, in its top right corner: what each mark means.</summary>
internal static class PlotLegend
{
    public static void Draw(Svg svg, PlotFrame frame)
    {
        var left = frame.X1 - 170;
        var top = frame.Y1 + 8;
        svg.Raw("<g class=\"legend\">");
        svg.Rect(left - 8, top - 4, 176, 116, "legend-box");
        var row = 0;
        double Y() => top + 8 + (16 * row);

        svg.Circle(left + 6, Y(), 4.5, "legend-point meets", "meets the SLO");
        Label(svg, left, Y(), "meets the SLO");
        row++;
        svg.Circle(left + 6, Y(), 4.5, "legend-point misses", "misses the SLO");
        Label(svg, left, Y(), "misses the SLO");
        row++;
        svg.Line(left, Y(), left + 12, Y(), "frontier-line");
        Label(svg, left, Y(), "Pareto frontier");
        row++;
        svg.Line(left + 6, Y() - 6, left + 6, Y() + 6, "repeat-interval");
        Label(svg, left, Y(), "range of repeats");
        row++;
        svg.Line(left + 6, Y() - 6, left + 6, Y() + 6, "slo-line");
        Label(svg, left, Y(), "SLO bound");
        row++;
        svg.Rect(left + 1, Y() - 5, 10, 10, "marker-shape baseline", "baseline");
        Label(svg, left, Y(), "baseline");
        row++;
        svg.Polygon(
            [(left + 6, Y() - 6), (left + 12, Y()), (left + 6, Y() + 6), (left, Y())],
            "marker-shape recommendation",
            "recommended"
        );
        Label(svg, left, Y(), "recommended");
        svg.Raw("</g>");
    }

    /// <summary>
    /// A small legend of the trial plots: which points meet the SLO, and the best-so-far line if drawn.
    /// </summary>
    public static void DrawPoints(Svg svg, PlotFrame frame, bool bestLine)
    {
        var left = frame.X1 - 170;
        var top = frame.Y1 + 8;
        var rows = bestLine ? 3 : 2;
        svg.Raw("<g class=\"legend\">");
        svg.Rect(left - 8, top - 4, 176, 8 + (16 * rows), "legend-box");
        svg.Circle(left + 6, top + 8, 3.5, "legend-point meets", "meets the SLO");
        Label(svg, left, top + 8, "meets the SLO");
        svg.Circle(left + 6, top + 24, 3.5, "legend-point misses", "misses the SLO");
        Label(svg, left, top + 24, "misses the SLO");
        if (bestLine)
        {
            svg.Line(left, top + 40, left + 12, top + 40, "best-line");
            Label(svg, left, top + 40, "recommended so far");
        }

        svg.Raw("</g>");
    }

    private static void Label(Svg svg, double left, double y, string text) =>
        svg.Text(left + 20, y + 4, "legend-label", text, "start");
}
