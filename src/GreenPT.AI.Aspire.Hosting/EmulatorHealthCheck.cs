using System.Net.Http.Headers;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace GreenPT.AI.Aspire.Hosting;

/// <summary>Healthy once the emulator answers an authenticated <c>GET /v1/models</c> with 200: it listens and takes the key.</summary>
internal sealed class EmulatorHealthCheck(GreenPTEmulatorResource emulator) : IHealthCheck
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(5) };

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!emulator.PrimaryEndpoint.IsAllocated)
        {
            return HealthCheckResult.Unhealthy("The emulator's endpoint is not allocated yet.");
        }

        try
        {
            string? key = await emulator.ApiKey.GetValueAsync(cancellationToken).ConfigureAwait(false);
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(emulator.PrimaryEndpoint.Url + "/v1/models"));
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
            using HttpResponseMessage response = await Http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            return response.IsSuccessStatusCode
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy($"GET /v1/models answered HTTP {(int)response.StatusCode}.");
        }
        catch (HttpRequestException ex)
        {
            return HealthCheckResult.Unhealthy($"The emulator does not answer: {ex.Message}");
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy("The emulator did not answer GET /v1/models within 5 s.");
        }
    }
}
