using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;
using Microsoft.SemanticKernel.Services;

namespace GreenPT.AI.SemanticKernel.ChatCompletion;

/// <summary>
/// Semantic Kernel's <see cref="IChatCompletionService"/> over the registered GreenPT chat pipeline (which invokes kernel functions).
/// Unlike Semantic Kernel's generic adapter it reads every call's settings as <see cref="GreenPTPromptExecutionSettings"/> (so a
/// template's <c>"reasoning_effort": "none"</c> reaches the wire), keeps reasoning as <see cref="ReasoningContent"/>, and makes the
/// whole <see cref="ChatResponse"/> the last message's inner content.
/// </summary>
/// <remarks>
/// As Semantic Kernel's adapter does, the intermediate messages of a function-calling loop are added to the chat history: for each
/// step, one assistant message (its text, reasoning and every call) and one tool message (every result), streamed or not. Calls
/// that nobody invoked (automatic invocation off) are left to the caller, who adds them with their results.
/// </remarks>
internal sealed class GreenPTChatCompletionService : IChatCompletionService
{
    private readonly IChatClient _chatClient;

    public GreenPTChatCompletionService(IChatClient chatClient)
    {
        _chatClient = chatClient;
        var attributes = new Dictionary<string, object?>();
        if (chatClient.GetService<ChatClientMetadata>() is { } metadata)
        {
            if (metadata.DefaultModelId is { } modelId)
            {
                attributes[AIServiceExtensions.ModelIdKey] = modelId;
            }

            if (metadata.ProviderUri is { } endpoint)
            {
                attributes[AIServiceExtensions.EndpointKey] = endpoint.ToString();
            }
        }

        Attributes = attributes;
    }

    /// <inheritdoc />
    public IReadOnlyDictionary<string, object?> Attributes { get; }

    /// <inheritdoc />
    public async Task<IReadOnlyList<ChatMessageContent>> GetChatMessageContentsAsync(
        ChatHistory chatHistory, PromptExecutionSettings? executionSettings = null, Kernel? kernel = null, CancellationToken cancellationToken = default)
    {
        Throw.IfNull(chatHistory);
        ChatOptions? options = ToChatOptions(chatHistory, executionSettings, kernel);
        ChatResponse response = await _chatClient.GetResponseAsync(KernelContentMapper.ToChatMessages(chatHistory), options, cancellationToken).ConfigureAwait(false);
        if (response.Messages.Count == 0)
        {
            return [];
        }

        for (int i = 0; i < response.Messages.Count - 1; i++)
        {
            chatHistory.Add(KernelContentMapper.ToChatMessageContent(response.Messages[i], response, isLast: false));
        }

        return [KernelContentMapper.ToChatMessageContent(response.Messages[^1], response, isLast: true)];
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<StreamingChatMessageContent> GetStreamingChatMessageContentsAsync(
        ChatHistory chatHistory, PromptExecutionSettings? executionSettings = null, Kernel? kernel = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        Throw.IfNull(chatHistory);
        ChatOptions? options = ToChatOptions(chatHistory, executionSettings, kernel);
        var step = new StreamedStep();
        await foreach (ChatResponseUpdate update in _chatClient.GetStreamingResponseAsync(KernelContentMapper.ToChatMessages(chatHistory), options, cancellationToken).ConfigureAwait(false))
        {
            if (step.Add(update) is { } completed)
            {
                // A function-calling step is complete once its results arrive: its assistant message (text, reasoning and calls)
                // and its tool message join the history, as they do without streaming.
                foreach (ChatMessage message in completed.Messages)
                {
                    chatHistory.Add(KernelContentMapper.ToChatMessageContent(message, completed, isLast: false));
                }
            }

            yield return KernelContentMapper.ToStreamingChatMessageContent(update);
        }
    }

    /// <summary>
    /// The call's options. Semantic Kernel's conversion turns the settings' system prompt (<c>chat_system_prompt</c>) into
    /// <see cref="ChatOptions.Instructions"/>, which the client sends before the history. As Semantic Kernel's own OpenAI connector
    /// does, that prompt is sent only when the history has no system message of its own, so that it is never sent twice.
    /// </summary>
    private static ChatOptions? ToChatOptions(ChatHistory chatHistory, PromptExecutionSettings? executionSettings, Kernel? kernel)
    {
        GreenPTPromptExecutionSettings? settings = GreenPTPromptExecutionSettings.FromExecutionSettings(executionSettings);
        ChatOptions? options = settings?.ToChatOptions(kernel);
        if (options is { Instructions: { } instructions }
            && string.Equals(instructions, settings!.ChatSystemPrompt, StringComparison.Ordinal)
            && chatHistory.Any(message => message.Role == AuthorRole.System))
        {
            options.Instructions = null;
        }

        return options;
    }
}
