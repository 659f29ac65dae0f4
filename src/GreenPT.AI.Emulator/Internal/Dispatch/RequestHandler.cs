using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace GreenPT.AI.Emulator.Internal.Dispatch;

/// <summary>
/// The one request delegate: answers outside <c>/v1</c> with 404, counts <c>/v1</c> requests, sets the headers every
/// <c>/v1</c> response carries, hands the request to the <see cref="Router"/>, turns failures into a 500 or an abort,
/// and logs one line per request.
/// </summary>
internal sealed partial class RequestHandler(GreenPTEmulatorOptions options, Router router, RequestRecorder recorder, ILogger logger, CancellationToken shutdown)
{
    public async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        if (!request.Path.StartsWithSegments("/v1", StringComparison.Ordinal))
        {
            var notFound = new ApiError(404, "not_found_error", "Not found. The GreenPT API lives under /v1.", null);
            await JsonResponses.WriteAsync(context.Response, 404, notFound.ToJson(Ids.NewRequestId()), context.RequestAborted).ConfigureAwait(false);
            return;
        }

        recorder.CountRequest();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, shutdown);
        var state = new RequestState(Ids.NewRequestId());
        SetApiHeaders(context.Response, state);
        await RouteGuardedAsync(context, state, linked.Token).ConfigureAwait(false);
        LogRequest(logger, request.Method, request.Path.Value ?? string.Empty, context.Response.StatusCode, state.Model ?? "-");
    }

    private void SetApiHeaders(HttpResponse response, RequestState state)
    {
        response.Headers["x-request-id"] = state.RequestId;
        response.Headers["x-credits-remaining"] = options.CreditsRemaining;
        response.Headers["x-greenpt-emulator"] = "simulated";
    }

    private async Task RouteGuardedAsync(HttpContext context, RequestState state, CancellationToken ct)
    {
        try
        {
            await router.RouteAsync(context, state, ct).ConfigureAwait(false);
        }
        catch (Exception) when (ct.IsCancellationRequested)
        {
            // The client went away (nothing more to send) or the emulator is stopping (drop the connection, as a server going away would).
            if (shutdown.IsCancellationRequested)
            {
                context.Abort();
            }
        }
        catch (Exception ex)
        {
            LogUnhandled(logger, context.Request.Method, context.Request.Path.Value ?? string.Empty, ex);
            if (context.Response.HasStarted)
            {
                context.Abort();
                return;
            }

            var error = new ApiError(500, "server_error", "The emulator failed to handle the request.", null);
            await JsonResponses.WriteErrorAsync(context.Response, error, state, CancellationToken.None).ConfigureAwait(false);
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "{Method} {Path} -> {StatusCode} (model {Model})")]
    private static partial void LogRequest(ILogger logger, string method, string path, int statusCode, string model);

    [LoggerMessage(EventId = 2, Level = LogLevel.Error, Message = "Unhandled error on {Method} {Path}")]
    private static partial void LogUnhandled(ILogger logger, string method, string path, Exception exception);
}
