using MLEnergy.Recommender.Knobs;
using MLEnergy.Recommender.Spaces;
using MLEnergy.Runtime.Load;
using MLEnergy.Runtime.Optimize;
using MLEnergy.Runtime.Servers;
using MLEnergy.Runtime.Trials;

namespace MLEnergy.Runtime.Targets.Http;

/// <summary>
/// <c>--target http://HOST:PORT</c>: an OpenAI-compatible server that is already running and that mlenergy does not
/// launch. Only GPU knobs can be tuned on it; trials drive it exactly as on a launched server. The URL, the space and
/// the server are checked before anything on the host is touched.
/// </summary>
public static class HttpTargetBuilder
{
    public static bool IsHttp(string target) =>
        target.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || target.StartsWith("https://", StringComparison.OrdinalIgnoreCase);

    public static TargetSetup Create(OptimizeRequest request, string target, SearchSpace? space, string? spacePath, TimeProvider time)
    {
        if (!Uri.TryCreate(target, UriKind.Absolute, out var url) || string.IsNullOrEmpty(url.Host))
        {
            throw new TargetException($"cannot read --target '{target}': expected http://HOST:PORT");
        }

        var baseUrl = new Uri(url.GetLeftPart(UriPartial.Path).TrimEnd('/') + "/");
        if (space is null || spacePath is null)
        {
            throw new TargetException($"--target {target} needs --space: a space whose knobs are GPU knobs (gpu_sm_clock_cap, gpu_power_limit)");
        }

        var fixedFlags = space.Knobs.Where(k => k.Kind is not (KnobKind.GpuSmClockCap or KnobKind.GpuPowerLimit) && !IsPinned(k, request)).ToList();
        if (fixedFlags.Count > 0)
        {
            throw new TargetException(
                $"{spacePath}: {string.Join(", ", fixedFlags.Select(k => k.Name))} cannot be changed on an external server (mlenergy does not relaunch a server it did not start); " +
                $"pin {(fixedFlags.Count == 1 ? "it" : "them")} to what the server runs (--set {fixedFlags[0].Name}=VALUE) or drop {(fixedFlags.Count == 1 ? "it" : "them")} from the space");
        }

        var (server, settings) = ServingYamlReader.ReadExternal(spacePath);
        var model = request.Model ?? server.Model ?? space.Model ?? throw new TargetException(
            $"--target {target} needs --model: the model name sent with each request (or model: in the space)");
        var apiKey = server.ApiKeyVariable is { } variable
            ? Environment.GetEnvironmentVariable(variable) ?? throw new TargetException($"server.api_key_env names {variable}, which is not set in the environment")
            : null;
        using (var http = OpenAiStreamingClient.CreateHttpClient())
        {
            OpenAiServerProbe.CheckAsync(http, baseUrl, model, apiKey, TimeSpan.FromSeconds(10), CancellationToken.None).GetAwaiter().GetResult();
        }

        var external = new ExternalServer(baseUrl);
        return ServingTargetBuilder.Build(
            request, space with { Target = baseUrl.ToString().TrimEnd('/'), Model = model }, server with { Model = model }, settings,
            (_, _, _) => external, time);
    }

    private static bool IsPinned(Knob knob, OptimizeRequest request) =>
        knob.IsPinned || request.Pins.Any(p => p.Knob == knob.Name && p.Values.Length == 1);
}
