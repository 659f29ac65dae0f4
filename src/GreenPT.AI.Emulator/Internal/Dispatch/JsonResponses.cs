using Microsoft.AspNetCore.Http;

namespace GreenPT.AI.Emulator.Internal.Dispatch;

/// <summary>Writes complete JSON bodies: answers and GreenPT error bodies.</summary>
internal static class JsonResponses
{
    public static async Task WriteAsync(HttpResponse response, int status, ReadOnlyMemory<byte> body, CancellationToken ct)
    {
        response.StatusCode = status;
        response.ContentType = "application/json";
        response.ContentLength = body.Length;
        await response.Body.WriteAsync(body, ct).ConfigureAwait(false);
    }

    public static Task WriteErrorAsync(HttpResponse response, ApiError error, RequestState state, CancellationToken ct)
        => WriteAsync(response, error.Status, error.ToJson(state.RequestId), ct);
}
