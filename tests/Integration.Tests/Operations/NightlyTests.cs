using System.Text.Json.Nodes;
using MLEnergy.Integration.Tests.Support;

namespace MLEnergy.Integration.Tests.Operations;

/// <summary>
/// Nightly runs on a private copy of a published table, which the tests change to make the host "drift".
/// </summary>
public sealed class NightlyTests : IDisposable
{
    private readonly TempDirectory _state = new();
    private readonly string _table;

    public NightlyTests()
    {
        _table = _state.File("lm-arena-chat.json");
        File.Copy(
            Path.Combine(AppContext.BaseDirectory, "data", "ml-energy-leaderboard-v3", "lm-arena-chat.json"),
            _table
        );
    }

    public void Dispose() => _state.Dispose();

    [Fact]
    public async Task TheFirstNightlyRunTunesFromScratchAndSaysSo()
    {
        var night = await NightlyAsync();

        night.ExitCode.Should().Be(10, night.Error);
        night.Out.Should().Contain("no earlier recommendation");
    }

    [Fact]
    public async Task WithoutDriftTheNightlyRunConfirmsAndExitsZero()
    {
        (await OptimizeAsync()).ExitCode.Should().Be(0);

        var night = await NightlyAsync();

        night.ExitCode.Should().Be(0, night.Error);
        night.Out.Should().Contain("no drift");
        night.Error.Should().NotContain("moved");
    }

    [Fact]
    public async Task WhenEnergyDriftsTheNightlyRunReTunesAndTheReportSaysWhatDrifted()
    {
        (await OptimizeAsync()).ExitCode.Should().Be(0);
        ScaleEnergy(1.3);

        var night = await NightlyAsync();

        night.ExitCode.Should().Be(10, night.Error);
        night.Out.Should().Contain("drift in energy_per_token_j of the recommendation");
        var retune = Directory
            .GetDirectories(Path.Combine(_state.Path, "runs"))
            .Order(StringComparer.Ordinal)
            .Select(d => Path.Combine(d, "report.md"))
            .Select(File.ReadAllText)
            .Single(r => r.Contains("## What drifted", StringComparison.Ordinal));
        retune.Should().Contain("energy_per_token_j of the recommendation").And.Contain("(+30.0 %)");
        var history = await CliRun.RunAsync("history", "--state-dir", _state.Path);
        history.Out.Should().Contain("NightlyCheck").And.Contain("NightlyRetune");
    }

    private Task<CliRun> OptimizeAsync(params string[] extra) =>
        CliRun.RunAsync([
            "optimize",
            "--target",
            $"replay:{_table}",
            "--model",
            "Qwen/Qwen3-8B",
            "--gpu",
            "H100",
            "--slo",
            "p50 itl<=30ms",
            "--state-dir",
            _state.Path,
            .. extra,
        ]);

    private Task<CliRun> NightlyAsync() => OptimizeAsync("--nightly");

    private void ScaleEnergy(double factor)
    {
        var root = JsonNode.Parse(File.ReadAllText(_table))!;
        foreach (var row in root["configurations"]!.AsArray())
        {
            foreach (var key in new[] { "energy_per_token_joules", "energy_per_request_joules" })
            {
                row![key] = row[key]!.GetValue<double>() * factor;
            }
        }

        File.WriteAllText(_table, root.ToJsonString());
    }
}
