using MLEnergy.Runtime.Actuators;
using MLEnergy.Runtime.Load;
using MLEnergy.Runtime.Servers;

namespace MLEnergy.Runtime.Trials;

/// <summary>
/// What a serving-host evaluator is built from; assembled once by the launched-server target builder.
/// </summary>
public sealed record ServingParts(
    IServerHost Servers,
    GpuKnobActuator? Gpus,
    Func<TextWriter, GpuKnobActuator>? PreviewGpus,
    Func<IServingServer, IWindowEnergy> Energy,
    TrialSettings Settings,
    OpenAiClientOptions Client,
    ArrivalPlan Plan,
    PromptSet Prompts,
    HttpClient Http,
    TimeProvider Time
)
{
    /// <summary>Hears what the host is doing during a trial; null: nobody is watching.</summary>
    public IProgress<HostActivity>? Activity { get; init; }

    /// <summary>Tells <see cref="Activity"/> what the host is doing from now on.</summary>
    public void Report(string what) => Activity?.Report(new HostActivity(what, Time.GetUtcNow()));
}
