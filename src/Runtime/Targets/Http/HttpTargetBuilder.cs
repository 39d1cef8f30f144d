using MLEnergy.Recommender.Knobs;
using MLEnergy.Recommender.Spaces;
using MLEnergy.Runtime.Load;
using MLEnergy.Runtime.Requests;
using MLEnergy.Runtime.Servers;
using MLEnergy.Runtime.Targets.Launched;
using MLEnergy.Runtime.Trials;

namespace MLEnergy.Runtime.Targets.Http;

/// <summary>
/// <c>--target http://HOST:PORT</c>: an OpenAI-compatible server that is already running and that mlenergy does not
/// launch. Only GPU knobs can be tuned on it; trials drive it exactly as on a launched server. The URL, the space and
/// the server are checked before anything on the host is touched.
/// </summary>
public static class HttpTargetBuilder
{
    public static async Task<TargetSetup> CreateAsync(
        OptimizeRequest request,
        TargetSpec.ExternalServer target,
        SpaceDocument? document,
        TimeProvider time,
        CancellationToken cancellationToken
    )
    {
        var baseUrl = target.BaseUrl;
        if (document is null)
        {
            throw new TargetException(
                $"--target {target} needs --space: "
                    + "a space whose knobs are GPU knobs (gpu_sm_clock_cap, gpu_power_limit)"
            );
        }

        var (space, spacePath) = (document.Space, document.Path);
        var fixedFlags = space
            .Knobs.Where(k => k.Kind is not (KnobKind.GpuSmClockCap or KnobKind.GpuPowerLimit) && !IsPinned(k, request))
            .ToList();
        if (fixedFlags.Count > 0)
        {
            throw new TargetException(
                $"{spacePath}: {string.Join(", ", fixedFlags.Select(k => k.Name))} cannot be changed on an external "
                    + $"server (mlenergy does not relaunch a server it did not start); "
                    + $"pin {(fixedFlags.Count == 1 ? "it" : "them")} to what the server runs (--set "
                    + $"{fixedFlags[0].Name}=VALUE) or drop {(fixedFlags.Count == 1 ? "it" : "them")} from the "
                    + $"space"
            );
        }

        var (server, settings) = ServingYamlReader.ReadExternal(document);
        var model =
            request.Model
            ?? server.Model
            ?? space.Model
            ?? throw new TargetException(
                $"--target {target} needs --model: the model name sent with each request (or model: in the space)"
            );
        var apiKey = server.ApiKeyVariable is { } variable
            ? Environment.GetEnvironmentVariable(variable)
                ?? throw new TargetException(
                    $"server.api_key_env names {variable}, which is not set in the environment"
                )
            : null;
        using (var http = OpenAiStreamingClient.CreateHttpClient())
        {
            await OpenAiServerProbe.CheckAsync(
                http,
                baseUrl,
                model,
                apiKey,
                TimeSpan.FromSeconds(10),
                cancellationToken
            );
        }

        var external = new ExternalServer(baseUrl);
        return ServingTargetBuilder.Build(
            request,
            space with
            {
                Target = target.Text,
                Model = model,
            },
            target,
            server with
            {
                Model = model,
            },
            settings,
            (_, _, _) => external,
            time
        );
    }

    private static bool IsPinned(Knob knob, OptimizeRequest request) =>
        knob.IsPinned || request.Pins.Any(p => p.Knob == knob.Name && p.Values.Length == 1);
}
