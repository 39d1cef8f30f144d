using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace MLEnergy.Simulation.Http;

/// <summary>
/// The simulated GPUs' control interface, what NVML's setters are on a real host: <c>GET /control/gpus</c> lists them,
/// <c>GET /control/gpus/{i}</c> reads one back, <c>POST /control/gpus/{i}</c> with
/// <c>{"sm_clock_cap_mhz": 1200, "power_limit_watts": 400}</c> changes it while serving (a field left out is kept,
/// null puts the default back). Every answer is the GPU's state after the call.
/// </summary>
internal static class GpuControlEndpoints
{
    public const string Path = "/control/gpus";

    public static void Map(WebApplication app, LiveEngine live, Func<Uri?> address)
    {
        app.MapGet(Path, () => Results.Json(new { gpus = Enumerable.Range(0, live.GpuCount).Select(Describe) }));
        app.MapGet(
            Path + "/{gpu:int}",
            (int gpu) => gpu >= 0 && gpu < live.GpuCount ? Results.Json(Describe(gpu)) : NoSuchGpu(gpu)
        );
        app.MapPost(Path + "/{gpu:int}", (int gpu, HttpContext context) => SetAsync(gpu, context));

        object Describe(int gpu)
        {
            var settings = live.GpuSettings(gpu);
            var limits = live.Gpu.PowerLimit;
            return new
            {
                gpu,
                uuid = $"GPU-sim-{address()?.Port ?? 0}-{gpu}",
                kind = live.Gpu.Id,
                sm_clock_cap_mhz = settings.SmClockCapMhz,
                power_limit_watts = settings.PowerLimitWatts ?? limits.DefaultWatts,
                default_power_limit_watts = limits.DefaultWatts,
                min_power_limit_watts = limits.MinWatts,
                max_power_limit_watts = limits.MaxWatts,
                min_sm_clock_mhz = live.Gpu.SmClock.MinMhz,
                max_sm_clock_mhz = live.Gpu.SmClock.MaxMhz,
            };
        }

        async Task<IResult> SetAsync(int gpu, HttpContext context)
        {
            if (gpu < 0 || gpu >= live.GpuCount)
            {
                return NoSuchGpu(gpu);
            }

            var settings = live.GpuSettings(gpu);
            try
            {
                using var body = await JsonDocument
                    .ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted)
                    .ConfigureAwait(false);
                var root = body.RootElement;
                if (root.TryGetProperty("sm_clock_cap_mhz", out var cap))
                {
                    settings = settings with
                    {
                        SmClockCapMhz = cap.ValueKind == JsonValueKind.Null ? null : cap.GetInt32(),
                    };
                }

                if (root.TryGetProperty("power_limit_watts", out var limit))
                {
                    settings = settings with
                    {
                        PowerLimitWatts = limit.ValueKind == JsonValueKind.Null ? null : limit.GetDouble(),
                    };
                }

                if (live.SetGpuSettings(gpu, settings) is { } refused)
                {
                    return Results.Json(new { error = refused }, statusCode: 400);
                }
            }
            catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
            {
                return Results.Json(new { error = $"the body is not a GPU setting: {e.Message}" }, statusCode: 400);
            }

            return Results.Json(Describe(gpu));
        }
    }

    private static IResult NoSuchGpu(int gpu) =>
        Results.Json(new { error = $"no simulated gpu{gpu} on this server" }, statusCode: 404);
}
