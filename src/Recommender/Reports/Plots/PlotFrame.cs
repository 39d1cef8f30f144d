namespace MLEnergy.Recommender.Reports.Plots;

/// <summary>A plot's drawing area inside its SVG, and the axes drawn around it with ticks and unit labels.</summary>
internal sealed record PlotFrame(double Width, double Height, double Left, double Right, double Top, double Bottom)
{
    public static PlotFrame Standard { get; } = new(720, 420, 84, 24, 24, 64);

    public double X0 => Left;

    public double X1 => Width - Right;

    public double Y0 => Height - Bottom;

    public double Y1 => Top;

    public double X(AxisScale scale, double value) => scale.Map(value, X0, X1);

    public double Y(AxisScale scale, double value) => scale.Map(value, Y0, Y1);

    public void DrawAxes(Svg svg, AxisScale x, AxisScale y, string xLabel, string yLabel)
    {
        svg.Raw("<g class=\"axis x-axis\">");
        svg.Line(X0, Y0, X1, Y0, "axis-line");
        foreach (var tick in x.Ticks)
        {
            svg.Line(X(x, tick), Y0, X(x, tick), Y0 + 5, "tick");
            svg.Text(X(x, tick), Y0 + 19, "tick-label", Label(tick));
        }

        svg.Text((X0 + X1) / 2, Height - 14, "axis-label", xLabel);
        svg.Raw("</g>");
        svg.Raw("<g class=\"axis y-axis\">");
        svg.Line(X0, Y0, X0, Y1, "axis-line");
        foreach (var tick in y.Ticks)
        {
            svg.Line(X0 - 5, Y(y, tick), X0, Y(y, tick), "tick");
            svg.Line(X0, Y(y, tick), X1, Y(y, tick), "grid");
            svg.Text(X0 - 8, Y(y, tick) + 4, "tick-label", Label(tick), "end");
        }

        svg.Text(18, (Y0 + Y1) / 2, "axis-label", yLabel, rotate: -90);
        svg.Raw("</g>");
    }

    private static string Label(double value) =>
        Math.Round(value, 6).ToString("0.######", System.Globalization.CultureInfo.InvariantCulture);
}
