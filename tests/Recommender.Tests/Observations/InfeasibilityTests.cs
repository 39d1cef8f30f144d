using MLEnergy.Recommender.Observations;
using MLEnergy.Recommender.Results;
using MLEnergy.Recommender.Tests.Support;

namespace MLEnergy.Recommender.Tests.Observations;

public sealed class InfeasibilityTests
{
    [Theory]
    [InlineData(InfeasibleCause.WeightsDoNotFit, 1, "weights_do_not_fit@1")]
    [InlineData(InfeasibleCause.KvCacheTooSmall, 8, "kv_cache_too_small@8")]
    [InlineData(InfeasibleCause.OutOfMemory, null, "out_of_memory")]
    [InlineData(InfeasibleCause.ServerFailed, null, "server_failed")]
    public void ACauseReadsBackFromItsCode(InfeasibleCause cause, int? gpus, string code)
    {
        var infeasibility = new Infeasibility(cause, gpus);

        infeasibility.Code.Should().Be(code);
        Infeasibility.Parse(code).Should().Be(infeasibility);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("melted")]
    public void NoCodeOrAnUnknownOneReadsAsOther(string? code) =>
        Infeasibility.Parse(code).Should().Be(new Infeasibility(InfeasibleCause.Other));

    [Fact]
    public void ResultJsonCarriesTheCauseAndAnOlderFileWithoutOneReadsAsOther()
    {
        var original = ReportFixture.Result();
        var failed = original.Run.Observations[^1] with
        {
            Infeasibility = new Infeasibility(InfeasibleCause.WeightsDoNotFit, 2),
        };
        var withCause = original with
        {
            Run = original.Run with
            {
                Observations = [.. original.Run.Observations.Take(original.Run.Observations.Count - 1), failed],
            },
        };

        var json = ResultJsonWriter.Write(withCause);
        var read = ResultJsonReader.Read(json);
        var older = ResultJsonReader.Read(
            string.Join('\n', json.Split('\n').Where(line => !line.Contains("\"cause\"", StringComparison.Ordinal)))
        );

        json.Should().Contain("\"cause\": \"weights_do_not_fit@2\"");
        read.Run.Observations[^1].Infeasibility.Should().Be(new Infeasibility(InfeasibleCause.WeightsDoNotFit, 2));
        read.Run.Observations[0].Infeasibility.Should().BeNull("a feasible trial has no cause");
        older.Run.Observations[^1].Infeasibility.Should().Be(Infeasibility.Unknown);
    }
}
