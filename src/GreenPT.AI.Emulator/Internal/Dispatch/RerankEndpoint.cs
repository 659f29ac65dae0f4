using GreenPT.AI.Emulator.Internal.Faults;
using GreenPT.AI.Emulator.Internal.Faults.Corruption;
using GreenPT.AI.Emulator.Internal.Planning.Rerank;
using GreenPT.AI.Emulator.Internal.Validation;
using Microsoft.AspNetCore.Http;

namespace GreenPT.AI.Emulator.Internal.Dispatch;

/// <summary><c>POST /v1/rerank</c>: parse, validate, answer.</summary>
internal static class RerankEndpoint
{
    public static async Task HandleAsync(HttpContext context, string body, GreenPTEmulatorOptions options, RequestState state, FaultInjector faults, CancellationToken ct)
    {
        byte[] answer;
        try
        {
            using var document = RequestJson.Parse(body);
            var root = document.RootElement;
            state.Model = EmbeddingsRequestValidator.ReadModelName(root);
            answer = RerankBody.Build(RerankRequestValidator.Validate(root, state.Model, options.MaxRerankDocuments), "rerank-" + state.RequestId);
        }
        catch (InvalidRequestException rejected)
        {
            await JsonResponses.WriteErrorAsync(context.Response, rejected.Error, state, ct).ConfigureAwait(false);
            return;
        }

        if (faults.CheckCorruptionTarget(CorruptionScope.Rerank) is { } noTarget)
        {
            await JsonResponses.WriteErrorAsync(context.Response, noTarget, state, ct).ConfigureAwait(false);
            return;
        }

        await faults.WriteJsonBodyAsync(context, answer, state, ct).ConfigureAwait(false);
    }
}
