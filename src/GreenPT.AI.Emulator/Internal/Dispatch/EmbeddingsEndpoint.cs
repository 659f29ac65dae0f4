using GreenPT.AI.Emulator.Internal.Faults;
using GreenPT.AI.Emulator.Internal.Faults.Corruption;
using GreenPT.AI.Emulator.Internal.Planning.Embeddings;
using GreenPT.AI.Emulator.Internal.Validation;
using Microsoft.AspNetCore.Http;

namespace GreenPT.AI.Emulator.Internal.Dispatch;

/// <summary><c>POST /v1/embeddings</c>: parse, validate, answer.</summary>
internal static class EmbeddingsEndpoint
{
    public static async Task HandleAsync(HttpContext context, string body, GreenPTEmulatorOptions options, RequestState state, FaultInjector faults, CancellationToken ct)
    {
        byte[] answer;
        try
        {
            using var document = RequestJson.Parse(body);
            var root = document.RootElement;
            state.Model = EmbeddingsRequestValidator.ReadModelName(root);
            answer = EmbeddingsBody.Build(EmbeddingsRequestValidator.Validate(root, state.Model, options.DefaultEmbeddingDimensions));
        }
        catch (InvalidRequestException rejected)
        {
            await JsonResponses.WriteErrorAsync(context.Response, rejected.Error, state, ct).ConfigureAwait(false);
            return;
        }

        if (faults.CheckCorruptionTarget(CorruptionScope.Embeddings) is { } noTarget)
        {
            await JsonResponses.WriteErrorAsync(context.Response, noTarget, state, ct).ConfigureAwait(false);
            return;
        }

        await faults.WriteJsonBodyAsync(context, answer, state, ct).ConfigureAwait(false);
    }
}
