using MLEnergy.Recommender.Reports;
using MLEnergy.Recommender.Results;

namespace MLEnergy.Runtime.State;

/// <summary>Writes a run folder's files: result.json, report.md and report.html.</summary>
public static class RunFolderWriter
{
    public const string MarkdownReport = "report.md";

    public const string HtmlReport = "report.html";

    public static async Task WriteAsync(
        RunFolder folder,
        TuningResult result,
        ReportOptions options,
        CancellationToken cancellationToken
    )
    {
        await File.WriteAllTextAsync(folder.ResultFile, ResultJsonWriter.Write(result), cancellationToken);
        await WriteReportsAsync(folder, result, options, cancellationToken);
    }

    public static async Task WriteReportsAsync(
        RunFolder folder,
        TuningResult result,
        ReportOptions options,
        CancellationToken cancellationToken
    )
    {
        var model = ReportModel.From(result, options);
        await File.WriteAllTextAsync(
            Path.Combine(folder.Path, MarkdownReport),
            MarkdownReportWriter.Write(model),
            cancellationToken
        );
        await File.WriteAllTextAsync(
            Path.Combine(folder.Path, HtmlReport),
            HtmlReportWriter.Write(model),
            cancellationToken
        );
    }
}
