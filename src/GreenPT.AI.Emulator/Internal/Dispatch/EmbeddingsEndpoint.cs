using GreenPT.AI.Emulator.Internal.Faults;
using GreenPT.AI.Emulator.Internal.Validation;
using Microsoft.AspNetCore.Http;

namespace GreenPT.AI.Emulator.Internal.Dispatch;

/// <summary><c>POST /v1/embeddings</c>: parse, validate, answer.</summary>
internal static class EmbeddingsEndpoint
{
    public static async Task HandleAsync(HttpContext context, string body, GreenPTEmulatorOptions options, RequestState state, FaultInjector faults, CancellationToken ct)
    {
        if (!RequestJson.TryParse(body, out var document, out var invalidJson))
        {
            await JsonResponses.WriteErrorAsync(context.Response, invalidJson, state, ct).ConfigureAwait(false);
            return;
        }

        byte[]? result;
        ApiError? error;
        using (document)
        {
            result = ResponseBuilders.Embeddings(document.RootElement, options.DefaultEmbeddingDimensions, out string? model, out error);
            state.Model = model;
        }

        if (error is not null)
        {
            await JsonResponses.WriteErrorAsync(context.Response, error, state, ct).ConfigureAwait(false);
            return;
        }

        await faults.WriteJsonBodyAsync(context, result!, state, ct).ConfigureAwait(false);
    }
}
