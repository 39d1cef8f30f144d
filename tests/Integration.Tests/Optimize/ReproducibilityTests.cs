using System.Text.Json;
using MLEnergy.Integration.Tests.Support;

namespace MLEnergy.Integration.Tests.Optimize;

public sealed class ReproducibilityTests : IDisposable
{
    private readonly TempDirectory _state = new();

    public void Dispose() => _state.Dispose();

    [Fact]
    public async Task TheSameSeedGivesTheSameTrialsAndAnswerInSeparateProcesses()
    {
        async Task<(string[] Trials, string Recommendation)> RunAsync()
        {
            using var run = new CliProcess(
                "optimize",
                "--slo",
                "200ms",
                "--seed",
                "5",
                "--budget",
                "12",
                "--json",
                "--state-dir",
                _state.Path
            );
            var code = await run.WaitForExitAsync();
            // 12 trials find nothing cheaper that keeps the baseline's throughput: keep-current (5) is an answer too.
            code.Should().BeOneOf([0, 5], run.Output);
            var root = JsonDocument.Parse(run.StandardOutput).RootElement;
            return (
                [
                    .. root.GetProperty("trials")
                        .EnumerateArray()
                        .Select(t =>
                            t.GetProperty("configuration").ToString()
                            + t.GetProperty("metrics").GetProperty("energy_per_token_j").GetDouble()
                        ),
                ],
                root.GetProperty("recommendation").GetProperty("configuration").ToString()
            );
        }

        var first = await RunAsync();
        var second = await RunAsync();

        first.Trials.Should().HaveCount(12).And.Equal(second.Trials);
        first.Recommendation.Should().Be(second.Recommendation);
    }
}
