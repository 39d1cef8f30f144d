using Microsoft.Playwright;
using MLEnergy.Integration.Tests.Operations;
using MLEnergy.Integration.Tests.Support;

namespace MLEnergy.Integration.Tests.Reports;

/// <summary>
/// Opens a real run's report.html in headless Chromium (no network) and checks that the plots are drawn.
/// </summary>
public sealed class ReportInBrowserTests : IDisposable
{
    private static readonly string[] ChromiumArgs =
    [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
    ];

    private readonly TempDirectory _state = new();

    public void Dispose() => _state.Dispose();

    [ChromiumFact]
    public async Task TheParetoPlotHasAxesPointsTheSloLineAndBothMarkersAndTheScreenshotIsNotBlank()
    {
        (await OperationsFixture.OptimizeAsync(_state.Path)).ExitCode.Should().Be(0);
        var html = Path.Combine(_state.Path, "runs", OperationsFixture.OnlyRunId(_state.Path), "report.html");

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(
            new()
            {
                ExecutablePath = ChromiumFactAttribute.Executable,
                Args = ChromiumArgs,
                Headless = true,
            }
        );
        var page = await browser.NewPageAsync(
            new()
            {
                ViewportSize = new() { Width = 1000, Height = 1400 },
            }
        );
        var requests = new List<string>();
        page.Request += (_, request) => requests.Add(request.Url);
        await page.GotoAsync(new Uri(html).AbsoluteUri);

        var pareto = page.Locator("svg#pareto");
        (await pareto.Locator("g.x-axis .axis-label").TextContentAsync()).Should().Be("itl_p50_ms (ms)");
        (await pareto.Locator("g.y-axis .axis-label").TextContentAsync()).Should().Be("energy_per_token_j (J/token)");
        (await pareto.Locator("circle.point").CountAsync()).Should().Be(10);
        (await pareto.Locator("line.slo-line").CountAsync())
            .Should()
            .Be(2, "the bound on the plot and its legend sample");
        (await pareto.Locator("g.legend line.slo-line").CountAsync()).Should().Be(1);
        (await pareto.Locator("g.marker.baseline").CountAsync()).Should().Be(1);
        (await pareto.Locator("g.marker.recommendation").CountAsync()).Should().Be(1);
        (await pareto.Locator("g.legend").CountAsync()).Should().Be(1);
        (await pareto.Locator("g.legend .legend-label").AllTextContentsAsync())
            .Should()
            .Contain(["baseline", "recommended", "Pareto frontier", "SLO bound"]);
        (await page.Locator("h2", new() { HasTextString = "SLO check" }).CountAsync()).Should().Be(1);
        (await page.Locator("svg#power .power-bar").CountAsync()).Should().Be(2);
        (await page.Locator("svg#history polyline.best-line").CountAsync()).Should().Be(1);
        (await page.Locator("svg#history circle.point").CountAsync()).Should().BeGreaterThan(0);
        (await page.Locator("svg.knob-plot").CountAsync()).Should().BeGreaterThan(0);
        (await page.Locator("svg#history g.legend .legend-label").AllTextContentsAsync())
            .Should()
            .Equal("meets the SLO", "misses the SLO", "recommended so far");
        (await page.Locator("svg.knob-plot g.legend").CountAsync())
            .Should()
            .Be(await page.Locator("svg.knob-plot").CountAsync());
        var box = await pareto.BoundingBoxAsync();
        box!.Width.Should().BeGreaterThan(500);

        var screenshot = await pareto.ScreenshotAsync(new() { Type = ScreenshotType.Png });
        var decoded = await page.EvaluateAsync<int[]>(
            "async b64 => { const img = new Image(); img.src = 'data:image/png;base64,' + b64; await img.decode();"
                + " const c = document.createElement('canvas'); c.width = img.width; c.height = img.height; const g "
                + "= c.getContext('2d'); g.drawImage(img, 0, 0);"
                + " const d = g.getImageData(0, 0, c.width, c.height).data; const colours = new Set(); let ink = 0;"
                + " for (let i = 0; i < d.length; i += 4) { colours.add(d[i] + ',' + d[i+1] + ',' + d[i+2]); if "
                + "(d[i] < 200 || d[i+1] < 200 || d[i+2] < 200) ink++; }"
                + " return [colours.size, ink]; }",
            Convert.ToBase64String(screenshot)
        );
        decoded[0].Should().BeGreaterThan(5, "a drawn plot has several colours");
        decoded[1].Should().BeGreaterThan(1000, "a drawn plot has dark pixels (axes, points, labels)");
        requests
            .Should()
            .OnlyContain(url =>
                url.StartsWith("file://", StringComparison.Ordinal) || url.StartsWith("data:", StringComparison.Ordinal)
            );
    }
}
