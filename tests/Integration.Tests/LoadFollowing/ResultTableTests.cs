using MLEnergy.Integration.Tests.Conventions;
using MLEnergy.LoadFollowing;

namespace MLEnergy.Integration.Tests.LoadFollowing;

public sealed class ResultTableTests
{
    [Theory]
    [InlineData("conv", "Trace: Azure LLM inference conv (AzureLLMInferenceTrace_conv.csv), minutes 30-40; ")]
    [InlineData("code", "Trace: Azure LLM inference code (AzureLLMInferenceTrace_code.csv), minutes 30-40; ")]
    public void TheTableNamesTheTraceItServedAsGiven(string trace, string header)
    {
        // Before, a --trace code run was headed "Trace: Azure LLM inference conv".
        var options = new EvaluationOptions(SourceTree.Root, [ModelCase.Llama8B], FromMinute: 30, Minutes: 10)
        {
            Trace = trace,
        };
        using var output = new StringWriter();

        ResultTable.Write(output, options, []);

        output
            .ToString()
            .Split('\n')[0]
            .Should()
            .Be(header + "SLO p99 tpot<=50ms; plans tuned under workload azure-conv");
    }
}
