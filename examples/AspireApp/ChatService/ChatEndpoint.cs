using GreenPT.AI;
using Microsoft.Extensions.AI;

namespace AspireApp.ChatService;

/// <summary><c>POST /chat</c>: one question, one answer with the energy and emissions GreenPT reported for it.</summary>
internal static class ChatEndpoint
{
    public static void MapChatEndpoint(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapPost("/chat", async (ChatQuestion question, IChatClient chat, CancellationToken cancellationToken) =>
        {
            if (string.IsNullOrWhiteSpace(question.Message))
            {
                return Results.BadRequest(new { error = "'message' is required." });
            }

            ChatResponse response = await chat.GetResponseAsync(question.Message, cancellationToken: cancellationToken).ConfigureAwait(false);
            GreenPTImpact? impact = response.GetGreenPTImpact();
            return Results.Ok(new ChatAnswer(
                response.Text,
                response.ModelId,
                impact?.Energy?.Total,
                impact?.Energy?.Unit,
                impact?.Emissions?.Total,
                impact?.Emissions?.Unit));
        });
}

/// <summary>The request body of <c>POST /chat</c>.</summary>
/// <param name="Message">The user's question.</param>
internal sealed record ChatQuestion(string? Message);

/// <summary>The answer and the impact GreenPT reported for it (absent when GreenPT reported none).</summary>
internal sealed record ChatAnswer(string Answer, string? Model, double? Energy, string? EnergyUnit, double? Emissions, string? EmissionsUnit);
