using System.Text.Json;
using MLEnergy.Runtime.Requests;

namespace MLEnergy.Runtime.Targets.Http;

/// <summary>
/// Checks that an OpenAI-compatible server is up before anything on the host is touched: <c>GET /v1/models</c> must
/// answer 2xx within the timeout and, when it lists models, list the one requests will name.
/// </summary>
public static class OpenAiServerProbe
{
    public static async Task CheckAsync(
        HttpClient http,
        Uri baseUrl,
        string model,
        string? apiKey,
        TimeSpan timeout,
        CancellationToken cancellationToken
    )
    {
        var url = new Uri(baseUrl, "v1/models");
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (apiKey is not null)
        {
            request.Headers.Authorization = new("Bearer", apiKey);
        }

        string body;
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        try
        {
            using var response = await http.SendAsync(request, limit.Token);
            if (!response.IsSuccessStatusCode)
            {
                throw new TargetException(
                    $"the server at {baseUrl} is not usable: GET {url} answered {(int)response.StatusCode} "
                        + $"{response.ReasonPhrase}"
                );
            }

            body = await response.Content.ReadAsStringAsync(limit.Token);
        }
        catch (Exception e)
            when (e is HttpRequestException
                || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested)
            )
        {
            var why = e is HttpRequestException ? e.Message : $"no answer within {timeout.TotalSeconds:0} s";
            throw new TargetException(
                $"cannot reach the server at {baseUrl} (GET {url}: {why}); is it running, and is the URL right?",
                e
            );
        }

        var served = ModelIds(body);
        if (served.Count > 0 && !served.Contains(model, StringComparer.Ordinal))
        {
            throw new TargetException(
                $"the server at {baseUrl} does not serve model '{model}'; it serves: {string.Join(", ", served)} "
                    + $"(use --model)"
            );
        }
    }

    private static List<string> ModelIds(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Array
                ?
                [
                    .. data.EnumerateArray()
                        .Select(m => m.TryGetProperty("id", out var id) ? id.GetString() : null)
                        .OfType<string>(),
                ]
                : [];
        }
        catch (JsonException)
        {
            return [];
        }
    }
}
