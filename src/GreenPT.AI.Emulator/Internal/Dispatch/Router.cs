using GreenPT.AI.Emulator.Internal.Faults;
using GreenPT.AI.Emulator.Internal.Faults.Corruption;
using GreenPT.AI.Emulator.Internal.Planning.Models;
using Microsoft.AspNetCore.Http;

namespace GreenPT.AI.Emulator.Internal.Dispatch;

/// <summary>
/// Takes an authenticated <c>/v1</c> request to its endpoint. In order: record the body, check the key, pick the fault
/// (a bad key is still a 401), let the fault answer first, then 404 / 405, then the endpoint.
/// </summary>
internal sealed class Router(GreenPTEmulatorOptions options, RequestRecorder recorder, FaultSchedule faults)
{
    public async Task RouteAsync(HttpContext context, RequestState state, CancellationToken ct)
    {
        var request = context.Request;
        var response = context.Response;
        var route = Route.Of(request);
        string body = await recorder.ReadAndRecordAsync(request, route, ct).ConfigureAwait(false);

        if (BearerAuthorization.Check(request, options.ApiKey, tokenScheme: route.Endpoint == Endpoint.Listen) is { } unauthorized)
        {
            await JsonResponses.WriteErrorAsync(response, unauthorized, state, ct).ConfigureAwait(false);
            return;
        }

        bool mayUseQueue = (RequestRecorder.HasJsonBody(route.Endpoint) || route.Endpoint == Endpoint.Listen) && route.MethodAllowed;
        if (!faults.TrySelect(request, mayUseQueue, out var fault, out string? faultError))
        {
            var badHeader = ApiError.BadRequest($"Invalid {EmulatorFault.HeaderName} header: {faultError}", EmulatorFault.HeaderName);
            await JsonResponses.WriteErrorAsync(response, badHeader, state, ct).ConfigureAwait(false);
            return;
        }

        var injector = fault is null ? FaultInjector.None : new FaultInjector(fault);
        injector.ApplyHeaders(response, state);
        if (await injector.TryRespondInsteadAsync(context, state, ct).ConfigureAwait(false))
        {
            return;
        }

        await RouteToEndpointAsync(context, route, body, state, injector, ct).ConfigureAwait(false);
    }

    private async Task RouteToEndpointAsync(HttpContext context, Route route, string body, RequestState state, FaultInjector injector, CancellationToken ct)
    {
        var response = context.Response;
        if (route.Endpoint == Endpoint.Unknown)
        {
            var notFound = new ApiError(404, "not_found_error", $"Unknown endpoint: {context.Request.Method} {route.Path}.", null);
            await JsonResponses.WriteErrorAsync(response, notFound, state, ct).ConfigureAwait(false);
            return;
        }

        if (!route.MethodAllowed)
        {
            response.Headers.Allow = route.AllowedMethod;
            var notAllowed = new ApiError(405, "invalid_request_error", $"Method {context.Request.Method} is not allowed on {route.Path}.", null);
            await JsonResponses.WriteErrorAsync(response, notAllowed, state, ct).ConfigureAwait(false);
            return;
        }

        var task = route.Endpoint switch
        {
            Endpoint.Models => ModelsAsync(context, state, injector, ct),
            Endpoint.Embeddings => EmbeddingsEndpoint.HandleAsync(context, body, options, state, injector, ct),
            Endpoint.Rerank => RerankEndpoint.HandleAsync(context, body, options, state, injector, ct),
            Endpoint.Listen when context.WebSockets.IsWebSocketRequest => LiveListenEndpoint.HandleAsync(context, recorder, route, state, ct),
            Endpoint.Listen => ListenEndpoint.HandleAsync(context, recorder, route, state, injector, ct),
            Endpoint.WebSearch or Endpoint.LinkSearch => SearchEndpoint.HandleAsync(context, body, links: route.Endpoint == Endpoint.LinkSearch, state, injector, ct),
            _ => ChatEndpoint.HandleAsync(context, body, options, state, injector, ct),
        };
        await task.ConfigureAwait(false);
    }

    private static Task ModelsAsync(HttpContext context, RequestState state, FaultInjector injector, CancellationToken ct)
        => injector.CheckCorruptionTarget(CorruptionScope.Models) is { } noTarget
            ? JsonResponses.WriteErrorAsync(context.Response, noTarget, state, ct)
            : injector.WriteJsonBodyAsync(context, ModelsBody.Value, state, ct);
}
