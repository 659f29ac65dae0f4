using GreenPT.AI.Emulator.Internal.Faults;
using GreenPT.AI.Emulator.Internal.Faults.Corruption;
using GreenPT.AI.Emulator.Internal.Planning.Chat;
using GreenPT.AI.Emulator.Internal.Validation;
using Microsoft.AspNetCore.Http;

namespace GreenPT.AI.Emulator.Internal.Dispatch;

/// <summary><c>POST /v1/chat/completions</c>: parse, validate, plan the answer, send it as JSON or as an SSE stream.</summary>
internal static class ChatEndpoint
{
    public static async Task HandleAsync(HttpContext context, string body, GreenPTEmulatorOptions options, RequestState state, FaultInjector faults, CancellationToken ct)
    {
        ChatPlan plan;
        try
        {
            using var document = RequestJson.Parse(body);
            var request = ChatRequestValidator.Validate(document.RootElement);
            ReasoningHistoryValidator.Check(document.RootElement, request, options.ModelsRequiringReasoningBack);
            string reasoningField = string.IsNullOrEmpty(options.ReasoningFieldName) ? "reasoning_content" : options.ReasoningFieldName;
            plan = ChatPlanner.Plan(request, document.RootElement, options.Script, reasoningField);
        }
        catch (InvalidRequestException rejected)
        {
            await JsonResponses.WriteErrorAsync(context.Response, rejected.Error, state, ct).ConfigureAwait(false);
            return;
        }

        state.Model = plan.Model;
        if (faults.CheckCorruptionTarget(CorruptionScope.Chat, plan.HasContent, plan.HasToolCalls) is { } noTarget)
        {
            await JsonResponses.WriteErrorAsync(context.Response, noTarget, state, ct).ConfigureAwait(false);
            return;
        }

        string id = Ids.NewCompletionId();
        long created = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        if (plan.Stream)
        {
            using var stream = new ChatStream(context, plan, id, created, options, faults, state);
            await stream.WriteAsync(ct).ConfigureAwait(false);
        }
        else
        {
            await faults.WriteJsonBodyAsync(context, CompletionBody.Build(plan, id, created), state, ct).ConfigureAwait(false);
        }
    }
}
