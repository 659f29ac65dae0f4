using System.Text;
using Microsoft.Extensions.AI;

namespace GreenPT.AI.SemanticKernel.ChatCompletion;

/// <summary>
/// Collects the updates of one step of a streamed function-calling loop (the text, reasoning and calls the model sent) until the
/// function invocation middleware streams the results, then gives the step as an assistant message and a tool message.
/// </summary>
internal sealed class StreamedStep
{
    private readonly StringBuilder _text = new();
    private readonly StringBuilder _reasoning = new();
    private readonly List<AIContent> _calls = [];

    /// <summary>The completed step (assistant message, then tool message) when this update carries its results; otherwise <see langword="null"/>.</summary>
    public ChatResponse? Add(ChatResponseUpdate update)
    {
        List<AIContent>? results = null;
        foreach (AIContent content in update.Contents)
        {
            switch (content)
            {
                case FunctionResultContent result:
                    (results ??= []).Add(result);
                    break;
                case FunctionCallContent call:
                    _calls.Add(call);
                    break;
                case TextReasoningContent reasoning:
                    _reasoning.Append(reasoning.Text);
                    break;
                case TextContent text:
                    _text.Append(text.Text);
                    break;
            }
        }

        if (results is null)
        {
            return null;
        }

        var assistant = new List<AIContent>(_calls.Count + 2);
        if (_reasoning.Length > 0)
        {
            assistant.Add(new TextReasoningContent(_reasoning.ToString()));
        }

        if (_text.Length > 0)
        {
            assistant.Add(new TextContent(_text.ToString()));
        }

        assistant.AddRange(_calls);
        var step = new ChatResponse([new ChatMessage(ChatRole.Assistant, assistant), new ChatMessage(ChatRole.Tool, results)]);
        _text.Clear();
        _reasoning.Clear();
        _calls.Clear();
        return step;
    }
}
