using System.Text.Json;
using MLEnergy.Recommender.Search;
using MLEnergy.Recommender.Selection;
using MLEnergy.Recommender.Slo;
using MLEnergy.Runtime.Replay;
using MLEnergy.Runtime.Tests.Support;

namespace MLEnergy.Runtime.Tests.Replay;

/// <summary>
/// The recommendation on replayed v3 data must equal the leaderboard's own rule: least energy per token
/// among the configurations with median ITL at or under the deadline; infeasible when none.
/// </summary>
public class LeaderboardAgreementTests
{
    private static readonly string[] Knobs =
    [
        "gpu_model",
        "num_gpus",
        "tensor_parallel",
        "expert_parallel",
        "data_parallel",
        "max_num_seqs",
    ];

    public static TheoryData<string, string, string, int> Cases()
    {
        var cases = new TheoryData<string, string, string, int>();
        foreach (var task in new[] { "lm-arena-chat", "gpqa" })
        {
            foreach (
                var (model, gpu) in RawRows(task)
                    .Select(r => (r.GetProperty("model_id").GetString()!, r.GetProperty("gpu_model").GetString()!))
                    .Distinct()
            )
            {
                foreach (var deadline in new[] { 20, 30, 50, 100 })
                {
                    cases.Add(task, model, gpu, deadline);
                }
            }
        }

        return cases;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task RecommendationEqualsTheLeaderboardsRule(string task, string model, string gpu, int deadlineMs)
    {
        var expected = RawRows(task)
            .Where(r => r.GetProperty("model_id").GetString() == model && r.GetProperty("gpu_model").GetString() == gpu)
            .Where(r => r.GetProperty("median_itl_ms").GetDouble() <= deadlineMs)
            .OrderBy(r => r.GetProperty("energy_per_token_joules").GetDouble())
            .Select(r => string.Join(",", Knobs.Select(k => r.GetProperty(k).ToString())))
            .FirstOrDefault();

        var table = new ReplayTableLoader(RepositoryPaths.Data()).Load(task);
        var slo = SloParser.ParseAll([$"p50 itl<={deadlineMs}ms"]);
        var space = ReplaySpaceFactory.Create(table, model, gpu, slo);
        var evaluator = new ReplayEvaluator(table, ReplaySpaceFactory.Rows(table, model, gpu));
        var run = await new TuningLoop(evaluator, new GridStrategy()).RunAsync(
            new TuningRequest(space, slo),
            CancellationToken.None
        );
        var outcome = RecommendationSelector.Select(run.Observations, slo, space.Objective, space.Baseline);

        var actual = outcome.Recommended is { } r ? string.Join(",", Knobs.Select(k => r.Configuration[k].Text)) : null;
        actual.Should().Be(expected);
    }

    private static List<JsonElement> RawRows(string task)
    {
        using var document = JsonDocument.Parse(
            File.ReadAllText(RepositoryPaths.Data("ml-energy-leaderboard-v3", $"{task}.json"))
        );
        return [.. document.RootElement.GetProperty("configurations").EnumerateArray().Select(e => e.Clone())];
    }
}
