using System.Collections.Immutable;
using MLEnergy.Profiler.Meters;
using MLEnergy.Profiler.Nvml;
using MLEnergy.Profiler.Windows;
using MLEnergy.Recommender.Knobs;
using MLEnergy.Recommender.Spaces;
using MLEnergy.Runtime.Actuators;
using MLEnergy.Runtime.Journal;
using MLEnergy.Runtime.Load;
using MLEnergy.Runtime.Locks;
using MLEnergy.Runtime.Requests;
using MLEnergy.Runtime.Restore;
using MLEnergy.Runtime.Servers;
using MLEnergy.Runtime.State;
using MLEnergy.Runtime.Trials;
using MLEnergy.Simulation.Hardware;
using MLEnergy.Units;

namespace MLEnergy.Runtime.Targets.Launched;

/// <summary>
/// Sets up a serving-host target from a space with a <c>server</c> section: checks everything that can be checked
/// without touching the host (template, API key, load, prompts) and returns how to open it. Opening first puts back
/// whatever a killed run left in the journal, then opens NVML (GPU knobs, energy) and wires the evaluator.
/// </summary>
public static class ServingTargetBuilder
{
    public static TargetSetup Create(OptimizeRequest request, SpaceDocument document, TimeProvider time)
    {
        var (space, spacePath) = (document.Space, document.Path);
        var (server, settings) = ServingYamlReader.Read(document);
        var model =
            server.Model
            ?? space.Model
            ?? throw new TargetException(
                $"{spacePath}: name the model (model: or server.model:) to send with requests"
            );
        var target = new TargetSpec.LaunchedServer(spacePath);
        return Build(
            request,
            space with
            {
                Target = target.Text,
            },
            target,
            server with
            {
                Model = model,
            },
            settings,
            (journal, logs, http) => new ServerManager(server, space.Knobs, model, journal, logs, http),
            time
        );
    }

    /// <summary>
    /// Checks the API key, load and prompts of a serving target and returns how to open it: restore what a killed run
    /// left, check GPU access and the energy source, assemble the parts. <paramref name="server"/> names the model.
    /// </summary>
    public static TargetSetup Build(
        OptimizeRequest request,
        SearchSpace space,
        TargetSpec target,
        ServerSpec server,
        TrialSettings settings,
        Func<HostJournal, string, HttpClient, IServerHost> servers,
        TimeProvider time
    )
    {
        var apiKey = server.ApiKeyVariable is { } variable
            ? Environment.GetEnvironmentVariable(variable)
                ?? throw new TargetException(
                    $"server.api_key_env names {variable}, which is not set in the environment"
                )
            : null;
        var plan = LoadPlanParser.Parse(
            request.Load ?? (space.Load == "saturate" ? "saturate" : space.Load),
            request.Seed
        );
        var prompts = settings.PromptFile is { } file
            ? PromptSet.ReadFile(file, settings.OutputTokens.Max)
            : PromptSet.Synthetic(1024, settings.InputTokens, settings.OutputTokens, request.Seed);
        var model = server.Model ?? throw new ArgumentException("the server spec must name the model", nameof(server));
        var client = new OpenAiClientOptions(
            new Uri("http://127.0.0.1/"),
            model,
            server.Endpoint == "chat" ? OpenAiEndpoint.ChatCompletions : OpenAiEndpoint.Completions
        )
        {
            ApiKey = apiKey,
        };
        var opening = new Opening(request, space, server, settings, client, plan, prompts, servers, time);
        return new TargetSetup(space, target, ServingEvaluator.Measured, opening.OpenAsync);
    }

    private sealed record Opening(
        OptimizeRequest Request,
        SearchSpace Space,
        ServerSpec Server,
        TrialSettings Settings,
        OpenAiClientOptions Client,
        ArrivalPlan Plan,
        PromptSet Prompts,
        Func<HostJournal, string, HttpClient, IServerHost> Servers,
        TimeProvider Time
    )
    {
        public async Task<IHostSession> OpenAsync(
            IProgress<HostActivity>? activity,
            CancellationToken cancellationToken
        )
        {
            var notices = ImmutableArray.CreateBuilder<string>();
            var opened = new List<IDisposable>();
            var holder = $"optimize, state directory {Path.GetFullPath(Request.StateDirectory)}";
            if (!Request.DryRun)
            {
                // A state directory that cannot take the journal is refused before anything is restored or changed.
                StateDirectory.EnsureWritable(Request.StateDirectory);
            }

            try
            {
                // The journal is read under the state directory's lock: read before it, it could miss what a run that
                // ended meanwhile wrote, and the first change would then overwrite those entries.
                if (!Request.DryRun)
                {
                    opened.Add(
                        HostLocks.Acquire(LockDirectory.ForThisHost(), [LockName.State(Request.StateDirectory)], holder)
                    );
                }

                var journal = HostJournal.Open(Request.StateDirectory);
                var meterGpus = Server.EnergyMetric is null;
                var (gpus, preview, meter, locked) = GpuAccess(
                    Space,
                    Settings,
                    journal,
                    Request.DryRun,
                    meterGpus,
                    Time,
                    opened,
                    notices
                );
                if (!Request.DryRun)
                {
                    // Taken before anything is restored or changed, and released last (after the host is put back).
                    opened.Insert(
                        0,
                        HostLocks.Acquire(LockDirectory.ForThisHost(), [.. locked, .. LockName.GpusOf(journal)], holder)
                    );
                }

                if (!journal.IsEmpty)
                {
                    var what = JournalLeftovers.What(journal);
                    if (JournalLeftovers.AppliedUndone(journal) is { } undone)
                    {
                        notices.Add(undone);
                    }

                    notices.AddRange(
                        Request.DryRun
                            ? journal.Entries.Select(e => $"would restore {what}: {e.Description}")
                            : (
                                await HostRestorer
                                    .ForHost(Server.StopGracePeriod)
                                    .RestoreAsync(journal, cancellationToken)
                            ).Select(l => $"restored {what}: {l}")
                    );
                }

                var http = OpenAiStreamingClient.CreateHttpClient();
                opened.Add(http);
                var logs = Path.Combine(Request.StateDirectory, "logs");
                if (!Request.DryRun)
                {
                    // A dry run writes nothing, not even the state directory: it launches no server to log.
                    Directory.CreateDirectory(logs);
                }

                Func<IServingServer, IWindowEnergy> energy = Server.EnergyMetric is { } metric
                    ? s => new PrometheusEnergyWindow(http, new Uri(s.BaseUrl, Server.MetricsPath), metric)
                    : _ => meter!;
                var host = Servers(journal, logs, http);
                var parts = new ServingParts(host, gpus, preview, energy, Settings, Client, Plan, Prompts, http, Time)
                {
                    Activity = activity,
                };
                var evaluator = new ServingEvaluator(parts, Space, Request.Slo);
                return new ServingSession(evaluator, notices.ToImmutable(), opened);
            }
            catch
            {
                opened.Reverse();
                opened.ForEach(o => o.Dispose());
                throw;
            }
        }
    }

    private static (
        GpuKnobActuator? Gpus,
        Func<TextWriter, GpuKnobActuator>? Preview,
        IWindowEnergy? Meter,
        IReadOnlyList<LockName> Locked
    ) GpuAccess(
        SearchSpace space,
        TrialSettings settings,
        HostJournal journal,
        bool dryRun,
        bool meterGpus,
        TimeProvider time,
        List<IDisposable> opened,
        ImmutableArray<string>.Builder notices
    )
    {
        var changesGpus = space.Knobs.Any(k => k.Kind is KnobKind.GpuSmClockCap or KnobKind.GpuPowerLimit);
        if (!changesGpus && !meterGpus)
        {
            return (null, null, null, []);
        }

        IGpuControl control;
        NvmlGpuTelemetry? telemetry = null;
        try
        {
            control = NvmlGpuControl.Open();
            opened.Add(control);
            telemetry = NvmlGpuTelemetry.Open();
            opened.Add(telemetry);
        }
        catch (NvmlException e) when (dryRun && Described(space, settings) is { } described)
        {
            // A dry run changes nothing: the GPUs are described from the GPU data for the space's gpu_model.
            control = described;
            notices.Add(
                $"NVML is not available here ({e.Message}); the dry run describes "
                    + $"{CountText.Of(described.DeviceCount, $"{described.Gpu.Id} GPU")} from the GPU data"
            );
        }
        catch (NvmlException e)
        {
            var why = changesGpus
                ? "its GPU knobs need NVML"
                : "its energy is metered through NVML (or give server.energy_metric)";
            var hint = dryRun ? " (a dry run needs gpu_model in the space to describe the GPUs without it)" : "";
            throw new TargetException($"{space.SourcePath}: {why}, which is not available here: {e.Message}{hint}", e);
        }

        var indices = ChosenGpus.Pick(
            control,
            settings.Gpus,
            "trial.gpus",
            "the run",
            "this host",
            $"{space.SourcePath}: "
        );

        MeterEnergyWindow? meter = null;
        if (meterGpus && telemetry is not null)
        {
            // Closed before NVML: its power poller (GPUs without an energy counter) must stop reading first.
            var gpuMeter = new GpuEnergyMeter(telemetry, indices, time, TimeSpan.FromMilliseconds(100));
            opened.Add(gpuMeter);
            meter = new MeterEnergyWindow(new MeasurementWindows(gpuMeter, time));
        }

        GpuKnobActuator? actuator = changesGpus
            ? new GpuKnobActuator(
                control,
                journal,
                indices,
                dryRun ? TextWriter.Null : null,
                new HostOriginals(LockDirectory.ForThisHost())
            )
            : null;
        Func<TextWriter, GpuKnobActuator>? preview = changesGpus
            ? w => new GpuKnobActuator(control, journal, indices, w)
            : null;
        IReadOnlyList<LockName> locked = changesGpus ? [.. indices.Select(i => LockName.Gpu(i, control.Uuid(i)))] : [];
        return (actuator, preview, meter, locked);
    }

    /// <summary>
    /// The space's GPUs as the GPU data describes them: its gpu_model, as many as trial.gpus or gpus.
    /// </summary>
    private static DescribedGpuControl? Described(SearchSpace space, TrialSettings settings)
    {
        if (space.GpuModel is not { } model || !GpuCatalog.LoadDefault().TryGet(model, out var gpu) || gpu is null)
        {
            return null;
        }

        var count = settings.Gpus.IsEmpty
            ? (int)Math.Clamp(space.Variables.GetValueOrDefault("gpus", 1), 1, 64)
            : settings.Gpus.Max() + 1;
        return new DescribedGpuControl(gpu, count);
    }
}
