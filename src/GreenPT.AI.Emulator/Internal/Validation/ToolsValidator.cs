using System.Text.Json;

namespace GreenPT.AI.Emulator.Internal.Validation;

/// <summary><c>tools</c> (functions only) and <c>tool_choice</c> (<c>none|auto|required</c> or a named function from <c>tools</c>).</summary>
internal static class ToolsValidator
{
    public static List<ToolDefinition> ReadTools(JsonElement root)
    {
        var tools = new List<ToolDefinition>();
        if (!JsonFields.TryGet(root, "tools", out var element))
        {
            return tools;
        }

        if (element.ValueKind != JsonValueKind.Array)
        {
            throw InvalidRequestException.BadRequest("'tools' must be an array.", "tools");
        }

        foreach (var tool in element.EnumerateArray())
        {
            tools.Add(ReadTool(tool, $"tools[{tools.Count}]"));
        }

        return tools;
    }

    public static ToolChoice ReadToolChoice(JsonElement root, IReadOnlyList<ToolDefinition> tools)
    {
        if (!JsonFields.TryGet(root, "tool_choice", out var element))
        {
            return ToolChoice.Auto;
        }

        var choice = element.ValueKind == JsonValueKind.String ? ReadMode(element.GetString()) : ReadNamedFunction(element, tools);
        bool needsTools = choice.FunctionName is not null || element.ValueKind == JsonValueKind.String && element.GetString() == "required";
        if (needsTools && tools.Count == 0)
        {
            throw InvalidRequestException.BadRequest("'tool_choice' requires 'tools'.", "tool_choice");
        }

        return choice;
    }

    private static ToolDefinition ReadTool(JsonElement tool, string p)
    {
        if (tool.ValueKind != JsonValueKind.Object || JsonFields.String(tool, "type") != "function")
        {
            throw InvalidRequestException.BadRequest($"'{p}.type' must be \"function\".", p + ".type");
        }

        if (!tool.TryGetProperty("function", out var function) || function.ValueKind != JsonValueKind.Object
            || JsonFields.String(function, "name") is not { Length: > 0 } name)
        {
            throw InvalidRequestException.BadRequest($"Missing required parameter: '{p}.function.name'.", p + ".function.name");
        }

        var parameters = function.TryGetProperty("parameters", out var schema) ? schema : default;
        if (parameters.ValueKind is not (JsonValueKind.Undefined or JsonValueKind.Null or JsonValueKind.Object))
        {
            throw InvalidRequestException.BadRequest($"'{p}.function.parameters' must be a JSON Schema object.", p + ".function.parameters");
        }

        return new ToolDefinition(name, parameters);
    }

    private static ToolChoice ReadMode(string? mode) => mode switch
    {
        "none" => new ToolChoice(ToolsOff: true, FunctionName: null),
        "auto" or "required" => ToolChoice.Auto,
        _ => throw InvalidToolChoice(),
    };

    private static ToolChoice ReadNamedFunction(JsonElement element, IReadOnlyList<ToolDefinition> tools)
    {
        if (element.ValueKind != JsonValueKind.Object || JsonFields.String(element, "type") != "function"
            || !element.TryGetProperty("function", out var function) || function.ValueKind != JsonValueKind.Object
            || JsonFields.String(function, "name") is not { } name)
        {
            throw InvalidToolChoice();
        }

        if (!tools.Any(t => t.Name == name))
        {
            throw InvalidRequestException.BadRequest($"'tool_choice' names function '{name}', which is not in 'tools'.", "tool_choice");
        }

        return new ToolChoice(ToolsOff: false, FunctionName: name);
    }

    private static InvalidRequestException InvalidToolChoice() => InvalidRequestException.BadRequest(
        "'tool_choice' must be \"none\", \"auto\", \"required\" or {\"type\":\"function\",\"function\":{\"name\":...}}.", "tool_choice");
}
