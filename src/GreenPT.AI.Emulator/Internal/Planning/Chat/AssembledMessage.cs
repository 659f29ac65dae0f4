using System.Text;

namespace GreenPT.AI.Emulator.Internal.Planning.Chat;

/// <summary>A plan's tokens joined back into one assistant message (the non-streaming answer).</summary>
internal sealed class AssembledMessage
{
    private readonly StringBuilder _reasoning = new();
    private readonly StringBuilder _content = new();
    private readonly SortedDictionary<int, (string Id, string Name, StringBuilder Arguments)> _calls = [];

    private AssembledMessage()
    {
    }

    /// <summary>The reasoning text, or <see langword="null"/> when the plan has no reasoning token.</summary>
    public string? Reasoning { get; private set; }

    /// <summary>The content text (possibly empty), or <see langword="null"/> when the plan has tool calls and no content token.</summary>
    public string? Content { get; private set; }

    public IEnumerable<(string Id, string Name, string Arguments)> ToolCalls
        => _calls.Values.Select(c => (c.Id, c.Name, c.Arguments.ToString()));

    public bool HasToolCalls => _calls.Count > 0;

    public static AssembledMessage From(IReadOnlyList<Unit> units)
    {
        var message = new AssembledMessage();
        bool hasReasoning = false, hasContent = false;
        foreach (var unit in units)
        {
            hasReasoning |= unit.Kind == UnitKind.Reasoning;
            hasContent |= unit.Kind == UnitKind.Content;
            message.Add(unit);
        }

        message.Reasoning = hasReasoning ? message._reasoning.ToString() : null;
        message.Content = hasContent || !message.HasToolCalls ? message._content.ToString() : null;
        return message;
    }

    private void Add(Unit unit)
    {
        switch (unit.Kind)
        {
            case UnitKind.Reasoning:
                _reasoning.Append(unit.Text);
                break;
            case UnitKind.Content:
                _content.Append(unit.Text);
                break;
            case UnitKind.ToolCallStart:
                _calls[unit.ToolIndex] = (unit.ToolId!, unit.ToolName!, new StringBuilder());
                break;
            case UnitKind.ToolCallArguments:
                _calls[unit.ToolIndex].Arguments.Append(unit.Text);
                break;
            default:
                break;
        }
    }
}
