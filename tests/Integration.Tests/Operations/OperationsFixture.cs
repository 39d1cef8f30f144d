using MLEnergy.Integration.Tests.Support;

namespace MLEnergy.Integration.Tests.Operations;

/// <summary>Runs <c>optimize</c> on replayed data into a fresh state directory.</summary>
internal static class OperationsFixture
{
    public static readonly string[] Qwen =
    [
        "--target",
        "replay:lm-arena-chat",
        "--model",
        "Qwen/Qwen3-8B",
        "--gpu",
        "H100",
        "--slo",
        "p50 itl<=30ms",
        "--strategy",
        "grid",
    ];

    public static Task<CliRun> OptimizeAsync(string stateDirectory, params string[] extra) =>
        CliRun.RunAsync(["optimize", .. Qwen, "--state-dir", stateDirectory, .. extra]);

    public static string OnlyRunId(string stateDirectory) =>
        Path.GetFileName(Directory.GetDirectories(Path.Combine(stateDirectory, "runs")).Single());
}
