using System.Collections.Immutable;
using MLEnergy.Profiler.Meters;
using MLEnergy.Profiler.Nvml;
using MLEnergy.Profiler.Windows;
using MLEnergy.Recommender.Knobs;
using MLEnergy.Recommender.Spaces;
using MLEnergy.Runtime.Actuators;
using MLEnergy.Runtime.Journal;
using MLEnergy.Runtime.Load;
using MLEnergy.Runtime.Optimize;
using MLEnergy.Runtime.Servers;
using MLEnergy.Runtime.Targets;

namespace MLEnergy.Runtime.Trials;

/// <summary>
/// Sets up a serving-host target from a space with a <c>server</c> section: first puts back whatever a killed run
/// left in the journal, then checks everything that can be checked before touching the host (template, API key,
/// load, prompts, GPU access, energy source) and wires the evaluator.
/// </summary>
public static class ServingTargetBuilder
{
    /// <summary>The target of a space whose server mlenergy launches, as stored with its runs.</summary>
    public const string TargetPrefix = "server:";

    public static TargetSetup Create(OptimizeRequest request, SearchSpace space, string spacePath, TimeProvider time)
    {
        var (server, settings) = ServingYamlReader.Read(spacePath, space);
        var model = server.Model ?? space.Model ?? throw new TargetException($"{spacePath}: name the model (model: or server.model:) to send with requests");
        return Build(
            request, space with { Target = TargetPrefix + Path.GetFullPath(spacePath) }, server with { Model = model }, settings,
            (journal, logs, http) => new ServerManager(server, space.Knobs, model, journal, logs, http), time);
    }

    /// <summary>
    /// Wires a serving evaluator around a server host: restores what a killed run left, checks the API key, load,
    /// prompts, GPU access and energy source, then assembles the parts. <paramref name="server"/> names the model.
    /// </summary>
    public static TargetSetup Build(
        OptimizeRequest request, SearchSpace space, ServerSpec server, TrialSettings settings,
        Func<HostJournal, string, HttpClient, IServerHost> servers, TimeProvider time)
    {
        var notices = ImmutableArray.CreateBuilder<string>();
        var journal = HostJournal.Open(request.StateDirectory);
        if (!journal.IsEmpty)
        {
            notices.AddRange(request.DryRun
                ? journal.Entries.Select(e => $"would restore what an earlier run left: {e.Description}")
                : HostRestorer.ForHost(server.StopGracePeriod).RestoreAsync(journal, CancellationToken.None).GetAwaiter().GetResult()
                    .Select(l => $"restored what an earlier run left: {l}"));
        }

        var apiKey = server.ApiKeyVariable is { } variable
            ? Environment.GetEnvironmentVariable(variable) ?? throw new TargetException($"server.api_key_env names {variable}, which is not set in the environment")
            : null;
        var plan = LoadPlanParser.Parse(request.Load ?? (space.Load == "saturate" ? "saturate" : space.Load), request.Seed);
        var prompts = settings.PromptFile is { } file
            ? PromptSet.ReadFile(file, settings.OutputTokens.Max)
            : PromptSet.Synthetic(1024, settings.InputTokens, settings.OutputTokens, request.Seed);
        var model = server.Model ?? throw new ArgumentException("the server spec must name the model", nameof(server));
        var client = new OpenAiClientOptions(new Uri("http://127.0.0.1/"), model,
            server.Endpoint == "chat" ? OpenAiEndpoint.ChatCompletions : OpenAiEndpoint.Completions) { ApiKey = apiKey };

        var http = OpenAiStreamingClient.CreateHttpClient();
        var logs = Path.Combine(request.StateDirectory, "logs");
        Directory.CreateDirectory(logs);
        var host = servers(journal, logs, http);
        var (gpus, preview, meter) = GpuAccess(space, settings, journal, request.DryRun, server.EnergyMetric is null, time);
        Func<IServingServer, IWindowEnergy> energy = server.EnergyMetric is { } metric
            ? s => new PrometheusEnergyWindow(http, new Uri(s.BaseUrl, server.MetricsPath), metric)
            : _ => meter!;
        var parts = new ServingParts(host, gpus, preview, energy, settings, client, plan, prompts, http, time);
        return new TargetSetup(space, new ServingEvaluator(parts, space, request.Slo), IsSimulated: false) { Notices = notices.ToImmutable() };
    }

    private static (GpuKnobActuator? Gpus, Func<TextWriter, GpuKnobActuator>? Preview, IWindowEnergy? Meter) GpuAccess(
        SearchSpace space, TrialSettings settings, HostJournal journal, bool dryRun, bool meterGpus, TimeProvider time)
    {
        var changesGpus = space.Knobs.Any(k => k.Kind is KnobKind.GpuSmClockCap or KnobKind.GpuPowerLimit);
        if (!changesGpus && !meterGpus)
        {
            return (null, null, null);
        }

        NvmlGpuControl control;
        NvmlGpuTelemetry telemetry;
        try
        {
            control = NvmlGpuControl.Open();
            telemetry = NvmlGpuTelemetry.Open();
        }
        catch (NvmlException e)
        {
            var why = changesGpus ? "its GPU knobs need NVML" : "its energy is metered through NVML (or give server.energy_metric)";
            throw new TargetException($"{space.SourcePath}: {why}, which is not available here: {e.Message}", e);
        }

        IReadOnlyList<int> indices = settings.Gpus.IsEmpty ? [.. Enumerable.Range(0, control.DeviceCount)] : settings.Gpus;
        var bad = indices.FirstOrDefault(i => i < 0 || i >= control.DeviceCount, -1);
        if (bad >= 0)
        {
            throw new TargetException($"{space.SourcePath}: trial.gpus names gpu{bad}, but this host has {control.DeviceCount}");
        }

        var meter = meterGpus ? new MeterEnergyWindow(new MeasurementWindows(new GpuEnergyMeter(telemetry, indices, time, TimeSpan.FromMilliseconds(100)), time)) : null;
        GpuKnobActuator? actuator = changesGpus ? new GpuKnobActuator(control, journal, indices, dryRun ? TextWriter.Null : null) : null;
        Func<TextWriter, GpuKnobActuator>? preview = changesGpus ? w => new GpuKnobActuator(control, journal, indices, w) : null;
        return (actuator, preview, meter);
    }
}
