using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using MLEnergy.Profiler.Nvml;
using MLEnergy.Units;

namespace MLEnergy.Runtime.Actuators;

/// <summary>
/// The GPUs of a sim-server, set through its control interface (<c>/control/gpus</c>) as NVML sets a real host's:
/// every setting is read back from the answer and must be the one asked for. Journal entries name the server's
/// address, so that <c>mlenergy restore</c> puts the originals back there.
/// </summary>
public sealed class SimulatedGpuControl : IGpuControl
{
    public const string ControlPath = "/control/gpus";

    private readonly HttpClient http;
    private readonly Uri address;
    private readonly JsonElement[] gpus;

    private SimulatedGpuControl(HttpClient http, Uri address, JsonElement[] gpus)
    {
        this.http = http;
        this.address = address;
        this.gpus = gpus;
    }

    public int DeviceCount => gpus.Length;

    public string? ControlAddress => address.GetLeftPart(UriPartial.Authority);

    /// <summary>Reads the sim-server's GPUs; <see cref="SimulatedGpuException"/> when it does not answer.</summary>
    public static SimulatedGpuControl Open(Uri address, TimeSpan? timeout = null)
    {
        var http = new HttpClient { Timeout = timeout ?? TimeSpan.FromSeconds(10) };
        try
        {
            var list = Send(http, new HttpRequestMessage(HttpMethod.Get, new Uri(address, ControlPath)));
            return new SimulatedGpuControl(http, address, [.. list.GetProperty("gpus").EnumerateArray()]);
        }
        catch
        {
            http.Dispose();
            throw;
        }
    }

    public string Uuid(int gpu) => gpus[gpu].GetProperty("uuid").GetString()!;

    public Power GetPowerLimit(int gpu) => Power.FromWatts(Read(gpu).GetProperty("power_limit_watts").GetDouble());

    public PowerLimitRange GetPowerLimitRange(int gpu) =>
        new(
            Power.FromWatts(gpus[gpu].GetProperty("min_power_limit_watts").GetDouble()),
            Power.FromWatts(gpus[gpu].GetProperty("max_power_limit_watts").GetDouble())
        );

    public Frequency GetMinimumSmClock(int gpu) =>
        Frequency.FromMegahertz(gpus[gpu].GetProperty("min_sm_clock_mhz").GetInt32());

    public string Name(int gpu) => gpus[gpu].GetProperty("kind").GetString()!;

    /// <summary>The limit in force, as the server reads it back (the simulated firmware clamps nothing).</summary>
    public Power GetEnforcedPowerLimit(int gpu) => GetPowerLimit(gpu);

    /// <summary>The cap in force, else the top clock: a busy simulated GPU runs at the highest clock it may.</summary>
    public Frequency GetSmClock(int gpu) =>
        GetSmClockCap(gpu) ?? Frequency.FromMegahertz(gpus[gpu].GetProperty("max_sm_clock_mhz").GetInt32());

    public ClockThrottleReasons GetThrottleReasons(int gpu) => ClockThrottleReasons.None;

    /// <summary>The simulated GPU has no temperature; the gates that need one are skipped for it.</summary>
    public Temperature GetTemperature(int gpu) =>
        throw new SimulatedGpuException($"the simulated gpu{gpu} at {ControlAddress} has no temperature");

    /// <summary>The SM clock cap in force (null: none), as the server reads it back.</summary>
    public Frequency? GetSmClockCap(int gpu) =>
        Read(gpu).GetProperty("sm_clock_cap_mhz") is { ValueKind: JsonValueKind.Number } cap
            ? Frequency.FromMegahertz(cap.GetInt32())
            : null;

    public bool TryGetSmClockCap(int gpu, out Frequency? cap)
    {
        cap = GetSmClockCap(gpu);
        return true;
    }

    public void LockSmClocks(int gpu, Frequency minimum, Frequency maximum)
    {
        var cap = (int)Math.Round(maximum.Megahertz);
        var state = Set(gpu, new JsonObject { ["sm_clock_cap_mhz"] = cap });
        Check(gpu, "SM clock cap", cap, state.GetProperty("sm_clock_cap_mhz"));
    }

    public void ResetSmClocks(int gpu)
    {
        var state = Set(gpu, new JsonObject { ["sm_clock_cap_mhz"] = null });
        Check(gpu, "SM clock cap", null, state.GetProperty("sm_clock_cap_mhz"));
    }

    public void SetPowerLimit(int gpu, Power limit)
    {
        var state = Set(gpu, new JsonObject { ["power_limit_watts"] = limit.Watts });
        Check(gpu, "power limit", limit.Watts, state.GetProperty("power_limit_watts"));
    }

    public void Dispose() => http.Dispose();

    private JsonElement Read(int gpu) =>
        Send(http, new HttpRequestMessage(HttpMethod.Get, new Uri(address, $"{ControlPath}/{gpu}")));

    private JsonElement Set(int gpu, JsonObject body) =>
        Send(
            http,
            new HttpRequestMessage(HttpMethod.Post, new Uri(address, $"{ControlPath}/{gpu}"))
            {
                Content = JsonContent.Create(body),
            }
        );

    private void Check(int gpu, string what, double? wanted, JsonElement read)
    {
        double? now = read.ValueKind == JsonValueKind.Number ? read.GetDouble() : null;
        if (now is null != wanted is null || (now is { } a && wanted is { } b && Math.Abs(a - b) > 1e-6))
        {
            throw new SimulatedGpuException(
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"simulated gpu{gpu} at {ControlAddress} reads back {what} {now?.ToString() ?? "default"} "
                        + $"after {wanted?.ToString() ?? "default"} was set"
                )
            );
        }
    }

    private static JsonElement Send(HttpClient http, HttpRequestMessage request)
    {
        using (request)
        {
            try
            {
                using var response = http.Send(request);
                using var stream = response.Content.ReadAsStream();
                using var json = JsonDocument.Parse(stream);
                if (!response.IsSuccessStatusCode)
                {
                    var error = json.RootElement.TryGetProperty("error", out var e) ? e.GetString() : null;
                    throw new SimulatedGpuException(
                        $"{request.RequestUri} refused the setting ({(int)response.StatusCode}): {error}"
                    );
                }

                return json.RootElement.Clone();
            }
            catch (Exception e)
                when (e is HttpRequestException or TaskCanceledException or JsonException or IOException)
            {
                throw new SimulatedGpuException(
                    $"the sim-server's GPU control {request.RequestUri} does not answer: {e.Message}",
                    e
                );
            }
        }
    }
}
