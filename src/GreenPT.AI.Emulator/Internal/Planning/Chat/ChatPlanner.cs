using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace GreenPT.AI.Emulator.Internal;

internal enum UnitKind
{
    Reasoning,
    Content,
    ToolCallStart,
    ToolCallArguments,
}

/// <summary>One completion token: what one streamed chunk carries.</summary>
internal readonly record struct Unit(UnitKind Kind, string Text, int ToolIndex = 0, string? ToolId = null, string? ToolName = null);

/// <summary>A validated chat request turned into the exact sequence of tokens to answer with.</summary>
internal sealed class ChatPlan
{
    public required string Model { get; init; }

    public required bool Stream { get; init; }

    public required bool IncludeUsage { get; init; }

    public required string LastUserText { get; init; }

    public required int PromptTokens { get; init; }

    public required IReadOnlyList<Unit> Units { get; init; }

    public required string FinishReason { get; init; }

    public string ReasoningField { get; init; } = "reasoning_content";

    public int CompletionTokens => Units.Count;

    public int ReasoningTokens
    {
        get
        {
            int n = 0;
            foreach (var u in Units)
            {
                if (u.Kind == UnitKind.Reasoning)
                {
                    n++;
                }
            }

            return n;
        }
    }
}

internal static class ChatPlanner
{
    public const string AnswerSuffix = " This answer comes from the GreenPT emulator.";
    private const int ArgumentFragmentChars = 8;

    private static readonly HashSet<string> Roles = new(StringComparer.Ordinal) { "system", "developer", "user", "assistant", "tool" };

    private sealed record ToolDefinition(string Name, JsonElement Parameters);

    public static ChatPlan? TryPlan(JsonElement root, Func<JsonElement, EmulatorScript?>? script, string reasoningField, out ApiError? error)
    {
        error = null;
        if (root.ValueKind != JsonValueKind.Object)
        {
            error = ApiError.BadRequest("The request body must be a JSON object.", null);
            return null;
        }

        // model
        if (!root.TryGetProperty("model", out var modelEl) || modelEl.ValueKind == JsonValueKind.Null)
        {
            error = ApiError.BadRequest("Missing required parameter: 'model'.", "model");
            return null;
        }

        if (modelEl.ValueKind != JsonValueKind.String || string.IsNullOrEmpty(modelEl.GetString()))
        {
            error = ApiError.BadRequest("'model' must be a non-empty string.", "model");
            return null;
        }

        string model = modelEl.GetString()!;
        var info = ModelCatalog.Find(model);
        if (info is null)
        {
            error = ApiError.BadRequest($"Unsupported model: '{model}'. GET /v1/models lists the available models.", "model");
            return null;
        }

        if (info.Kind != ModelKind.Chat)
        {
            error = ApiError.BadRequest($"Unsupported model for chat completions: '{model}' is not a chat model.", "model");
            return null;
        }

        // stream, stream_options
        bool stream = false;
        if (root.TryGetProperty("stream", out var streamEl) && streamEl.ValueKind != JsonValueKind.Null)
        {
            if (streamEl.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
            {
                error = ApiError.BadRequest("'stream' must be a boolean.", "stream");
                return null;
            }

            stream = streamEl.GetBoolean();
        }

        bool includeUsage = false;
        if (root.TryGetProperty("stream_options", out var so) && so.ValueKind != JsonValueKind.Null)
        {
            if (so.ValueKind != JsonValueKind.Object)
            {
                error = ApiError.BadRequest("'stream_options' must be an object.", "stream_options");
                return null;
            }

            if (so.TryGetProperty("include_usage", out var iu) && iu.ValueKind != JsonValueKind.Null)
            {
                if (iu.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
                {
                    error = ApiError.BadRequest("'stream_options.include_usage' must be a boolean.", "stream_options.include_usage");
                    return null;
                }

                includeUsage = iu.GetBoolean();
            }
        }

        // reasoning_effort
        string? effort = null;
        if (root.TryGetProperty("reasoning_effort", out var effortEl) && effortEl.ValueKind != JsonValueKind.Null)
        {
            effort = effortEl.ValueKind == JsonValueKind.String ? effortEl.GetString() : null;
            if (effort is null || Array.IndexOf(info.EffortValues, effort) < 0)
            {
                string shown = effortEl.ValueKind == JsonValueKind.String ? effortEl.GetString()! : effortEl.GetRawText();
                error = ApiError.BadRequest(
                    $"Invalid value for 'reasoning_effort': '{shown}' is not supported by model '{model}'. Supported values: {string.Join(", ", info.EffortValues)}.",
                    "reasoning_effort");
                return null;
            }
        }

        bool thinking = info.Reasoning && !string.Equals(effort, "none", StringComparison.Ordinal);

        // max_tokens (max_completion_tokens accepted as an alias)
        int? maxTokens = null;
        foreach (string name in (ReadOnlySpan<string>)["max_tokens", "max_completion_tokens"])
        {
            if (root.TryGetProperty(name, out var mt) && mt.ValueKind != JsonValueKind.Null)
            {
                if (mt.ValueKind != JsonValueKind.Number || !mt.TryGetInt32(out int value) || value < 1)
                {
                    error = ApiError.BadRequest($"'{name}' must be a positive integer.", name);
                    return null;
                }

                maxTokens = maxTokens is null ? value : Math.Min(maxTokens.Value, value);
            }
        }

        // tools, tool_choice
        var tools = new List<ToolDefinition>();
        if (root.TryGetProperty("tools", out var toolsEl) && toolsEl.ValueKind != JsonValueKind.Null)
        {
            if (toolsEl.ValueKind != JsonValueKind.Array)
            {
                error = ApiError.BadRequest("'tools' must be an array.", "tools");
                return null;
            }

            int ti = 0;
            foreach (var tool in toolsEl.EnumerateArray())
            {
                string p = $"tools[{ti}]";
                if (tool.ValueKind != JsonValueKind.Object
                    || !tool.TryGetProperty("type", out var tt) || tt.ValueKind != JsonValueKind.String || tt.GetString() != "function")
                {
                    error = ApiError.BadRequest($"'{p}.type' must be \"function\".", p + ".type");
                    return null;
                }

                if (!tool.TryGetProperty("function", out var fn) || fn.ValueKind != JsonValueKind.Object
                    || !fn.TryGetProperty("name", out var fnName) || fnName.ValueKind != JsonValueKind.String || string.IsNullOrEmpty(fnName.GetString()))
                {
                    error = ApiError.BadRequest($"Missing required parameter: '{p}.function.name'.", p + ".function.name");
                    return null;
                }

                var parameters = fn.TryGetProperty("parameters", out var pe) ? pe : default;
                if (parameters.ValueKind is not (JsonValueKind.Undefined or JsonValueKind.Null or JsonValueKind.Object))
                {
                    error = ApiError.BadRequest($"'{p}.function.parameters' must be a JSON Schema object.", p + ".function.parameters");
                    return null;
                }

                tools.Add(new ToolDefinition(fnName.GetString()!, parameters));
                ti++;
            }
        }

        string toolChoice = "auto";
        string? namedTool = null;
        if (root.TryGetProperty("tool_choice", out var tc) && tc.ValueKind != JsonValueKind.Null)
        {
            if (tc.ValueKind == JsonValueKind.String && tc.GetString() is "none" or "auto" or "required")
            {
                toolChoice = tc.GetString()!;
            }
            else if (tc.ValueKind == JsonValueKind.Object
                && tc.TryGetProperty("type", out var tct) && tct.ValueKind == JsonValueKind.String && tct.GetString() == "function"
                && tc.TryGetProperty("function", out var tcf) && tcf.ValueKind == JsonValueKind.Object
                && tcf.TryGetProperty("name", out var tcn) && tcn.ValueKind == JsonValueKind.String)
            {
                namedTool = tcn.GetString()!;
                toolChoice = "function";
                if (!tools.Exists(t => t.Name == namedTool))
                {
                    error = ApiError.BadRequest($"'tool_choice' names function '{namedTool}', which is not in 'tools'.", "tool_choice");
                    return null;
                }
            }
            else
            {
                error = ApiError.BadRequest("'tool_choice' must be \"none\", \"auto\", \"required\" or {\"type\":\"function\",\"function\":{\"name\":...}}.", "tool_choice");
                return null;
            }

            if (toolChoice is "required" or "function" && tools.Count == 0)
            {
                error = ApiError.BadRequest("'tool_choice' requires 'tools'.", "tool_choice");
                return null;
            }
        }

        // messages
        if (!root.TryGetProperty("messages", out var messages) || messages.ValueKind == JsonValueKind.Null)
        {
            error = ApiError.BadRequest("Missing required parameter: 'messages'.", "messages");
            return null;
        }

        if (messages.ValueKind != JsonValueKind.Array)
        {
            error = ApiError.BadRequest("'messages' must be an array.", "messages");
            return null;
        }

        if (messages.GetArrayLength() == 0)
        {
            error = ApiError.BadRequest("'messages' must contain at least one message.", "messages");
            return null;
        }

        int words = 0;
        string lastUserText = string.Empty;
        int lastUserImages = 0;
        string lastRole = string.Empty;
        string lastText = string.Empty;
        int index = 0;
        foreach (var msg in messages.EnumerateArray())
        {
            string p = $"messages[{index}]";
            if (msg.ValueKind != JsonValueKind.Object)
            {
                error = ApiError.BadRequest($"'{p}' must be an object.", p);
                return null;
            }

            if (!msg.TryGetProperty("role", out var roleEl) || roleEl.ValueKind != JsonValueKind.String || !Roles.Contains(roleEl.GetString()!))
            {
                error = ApiError.BadRequest($"'{p}.role' must be one of system, developer, user, assistant, tool.", p + ".role");
                return null;
            }

            string role = roleEl.GetString()!;
            bool hasToolCalls = msg.TryGetProperty("tool_calls", out var calls) && calls.ValueKind == JsonValueKind.Array && calls.GetArrayLength() > 0;
            if (!TryReadContent(msg, p, contentRequired: !(role == "assistant" && hasToolCalls), out string text, out int images, out error))
            {
                return null;
            }

            if (info.MistralToolIds)
            {
                if (role == "tool" && !TextTokens.IsMistralToolId(ReadString(msg, "tool_call_id")))
                {
                    error = ApiError.BadRequest(
                        $"Tool call id was {ReadString(msg, "tool_call_id") ?? "null"} but must be a-z, A-Z, 0-9, with a length of 9.", p + ".tool_call_id");
                    return null;
                }

                if (hasToolCalls)
                {
                    int ci = 0;
                    foreach (var call in calls.EnumerateArray())
                    {
                        string? id = call.ValueKind == JsonValueKind.Object ? ReadString(call, "id") : null;
                        if (!TextTokens.IsMistralToolId(id))
                        {
                            error = ApiError.BadRequest(
                                $"Tool call id was {id ?? "null"} but must be a-z, A-Z, 0-9, with a length of 9.", $"{p}.tool_calls[{ci}].id");
                            return null;
                        }

                        ci++;
                    }
                }
            }

            words += TextTokens.CountWords(text);
            if (role == "user")
            {
                lastUserText = text;
                lastUserImages = images;
            }

            lastRole = role;
            lastText = text;
            index++;
        }

        int promptTokens = Math.Max(1, words);

        // Decide the answer.
        string? reasoning;
        string? content;
        var toolCalls = new List<(string Id, string Name, string Arguments)>();
        string? finishOverride = null;

        EmulatorScript? scripted = script?.Invoke(root);
        if (scripted is not null)
        {
            reasoning = scripted.Reasoning;
            content = scripted.Content;
            int ci = 0;
            foreach (var call in scripted.ToolCalls ?? [])
            {
                toolCalls.Add((call.Id ?? TextTokens.ToolCallId($"{lastUserText}\0{call.Name}\0{ci}\0{index}"), call.Name, call.Arguments));
                ci++;
            }

            finishOverride = scripted.FinishReason;
        }
        else if (lastRole == "tool")
        {
            content = $"The tool returned: \"{lastText}\"." + AnswerSuffix;
            reasoning = thinking ? $"A tool returned \"{lastText}\". I will report the result to the user." : null;
        }
        else if (tools.Count > 0 && toolChoice != "none" && lastRole == "user")
        {
            var tool = namedTool is null ? tools[0] : tools.Find(t => t.Name == namedTool)!;
            string args = BuildArguments(tool.Parameters, lastUserText);
            toolCalls.Add((TextTokens.ToolCallId($"{lastUserText}\0{tool.Name}\0{0}\0{index}"), tool.Name, args));
            content = null;
            reasoning = thinking ? $"The user said \"{lastUserText}\". I will call the {tool.Name} tool." : null;
        }
        else
        {
            string imagesText = lastUserImages switch
            {
                0 => string.Empty,
                1 => " I received 1 image.",
                _ => $" I received {lastUserImages.ToString(CultureInfo.InvariantCulture)} images.",
            };
            content = $"You said: \"{lastUserText}\".{imagesText}{AnswerSuffix}";
            reasoning = thinking ? $"The user said \"{lastUserText}\". I will repeat it back." : null;
        }

        var units = new List<Unit>();
        if (!string.IsNullOrEmpty(reasoning))
        {
            foreach (var t in TextTokens.Split(reasoning))
            {
                units.Add(new Unit(UnitKind.Reasoning, t));
            }
        }

        if (!string.IsNullOrEmpty(content))
        {
            foreach (var t in TextTokens.Split(content))
            {
                units.Add(new Unit(UnitKind.Content, t));
            }
        }

        for (int i = 0; i < toolCalls.Count; i++)
        {
            var (id, name, args) = toolCalls[i];
            units.Add(new Unit(UnitKind.ToolCallStart, string.Empty, i, id, name));
            foreach (var piece in TextTokens.Chunk(args, ArgumentFragmentChars))
            {
                units.Add(new Unit(UnitKind.ToolCallArguments, piece, i));
            }
        }

        string finish = finishOverride ?? (toolCalls.Count > 0 ? "tool_calls" : "stop");
        if (maxTokens is { } max && units.Count > max)
        {
            units.RemoveRange(max, units.Count - max);
            finish = "length";
        }

        return new ChatPlan
        {
            Model = model,
            Stream = stream,
            IncludeUsage = includeUsage,
            LastUserText = lastUserText,
            PromptTokens = promptTokens,
            Units = units,
            FinishReason = finish,
            ReasoningField = reasoningField,
        };
    }

    private static string? ReadString(JsonElement obj, string name)
        => obj.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static bool TryReadContent(JsonElement msg, string p, bool contentRequired, out string text, out int images, out ApiError? error)
    {
        text = string.Empty;
        images = 0;
        error = null;
        if (!msg.TryGetProperty("content", out var content) || content.ValueKind == JsonValueKind.Null)
        {
            if (contentRequired)
            {
                error = ApiError.BadRequest($"Missing required parameter: '{p}.content'.", p + ".content");
                return false;
            }

            return true;
        }

        if (content.ValueKind == JsonValueKind.String)
        {
            text = content.GetString()!;
            return true;
        }

        if (content.ValueKind != JsonValueKind.Array)
        {
            error = ApiError.BadRequest($"'{p}.content' must be a string or an array of content parts.", p + ".content");
            return false;
        }

        var sb = new StringBuilder();
        int pi = 0;
        foreach (var part in content.EnumerateArray())
        {
            string pp = $"{p}.content[{pi}]";
            string? type = part.ValueKind == JsonValueKind.Object ? ReadString(part, "type") : null;
            switch (type)
            {
                case "text":
                    string? partText = ReadString(part, "text");
                    if (partText is null)
                    {
                        error = ApiError.BadRequest($"Missing required parameter: '{pp}.text'.", pp + ".text");
                        return false;
                    }

                    if (sb.Length > 0)
                    {
                        sb.Append('\n');
                    }

                    sb.Append(partText);
                    break;
                case "image_url":
                    bool hasUrl = part.TryGetProperty("image_url", out var iu)
                        && ((iu.ValueKind == JsonValueKind.Object && ReadString(iu, "url") is { Length: > 0 })
                            || (iu.ValueKind == JsonValueKind.String && iu.GetString() is { Length: > 0 }));
                    if (!hasUrl)
                    {
                        error = ApiError.BadRequest($"Missing required parameter: '{pp}.image_url.url'.", pp + ".image_url.url");
                        return false;
                    }

                    images++;
                    break;
                case null:
                    error = ApiError.BadRequest($"'{pp}.type' is required.", pp + ".type");
                    return false;
                default:
                    // Other part types (input_audio, file, ...) are accepted and ignored.
                    break;
            }

            pi++;
        }

        text = sb.ToString();
        return true;
    }

    /// <summary>
    /// Builds tool arguments from a JSON Schema: for each property in <c>required</c> (or every property when nothing is
    /// required): the first <c>enum</c> value if any; else string -> the user text, integer/number -> 42, boolean -> true,
    /// anything else -> null.
    /// </summary>
    internal static string BuildArguments(JsonElement parameters, string userText)
    {
        var buffer = new ArrayBufferWriter<byte>(128);
        using (var w = new Utf8JsonWriter(buffer, JsonDefaults.WriterOptions))
        {
            w.WriteStartObject();
            if (parameters.ValueKind == JsonValueKind.Object
                && parameters.TryGetProperty("properties", out var props) && props.ValueKind == JsonValueKind.Object)
            {
                var names = new List<string>();
                if (parameters.TryGetProperty("required", out var req) && req.ValueKind == JsonValueKind.Array)
                {
                    foreach (var r in req.EnumerateArray())
                    {
                        if (r.ValueKind == JsonValueKind.String && !names.Contains(r.GetString()!))
                        {
                            names.Add(r.GetString()!);
                        }
                    }
                }

                if (names.Count == 0)
                {
                    foreach (var prop in props.EnumerateObject())
                    {
                        names.Add(prop.Name);
                    }
                }

                foreach (string name in names)
                {
                    w.WritePropertyName(name);
                    if (!props.TryGetProperty(name, out var schema) || schema.ValueKind != JsonValueKind.Object)
                    {
                        w.WriteNullValue();
                        continue;
                    }

                    if (schema.TryGetProperty("enum", out var en) && en.ValueKind == JsonValueKind.Array && en.GetArrayLength() > 0)
                    {
                        en[0].WriteTo(w);
                        continue;
                    }

                    switch (SchemaType(schema))
                    {
                        case "string": w.WriteStringValue(userText); break;
                        case "integer" or "number": w.WriteNumberValue(42); break;
                        case "boolean": w.WriteBooleanValue(true); break;
                        default: w.WriteNullValue(); break;
                    }
                }
            }

            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static string? SchemaType(JsonElement schema)
    {
        if (!schema.TryGetProperty("type", out var type))
        {
            return null;
        }

        if (type.ValueKind == JsonValueKind.String)
        {
            return type.GetString();
        }

        if (type.ValueKind == JsonValueKind.Array)
        {
            foreach (var t in type.EnumerateArray())
            {
                if (t.ValueKind == JsonValueKind.String && t.GetString() != "null")
                {
                    return t.GetString();
                }
            }
        }

        return null;
    }
}
