using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using GreenPT.AI.Wire;
using Microsoft.Extensions.AI;

namespace GreenPT.AI.Mapping;

/// <summary>Builds GreenPT's request body from MEAI messages and options. Pure: no I/O, never changes its inputs.</summary>
internal static class ChatRequestMapper
{
    public static ChatCompletionRequest ToChatCompletionRequest(
        IEnumerable<ChatMessage> messages, ChatOptions? options, GreenPTClientOptions clientOptions, bool stream) =>
        ToChatCompletionRequest(messages, options, clientOptions, stream, rawRequest: null, out _);

    /// <summary>The request body for <paramref name="messages"/> and <paramref name="options"/>.</summary>
    /// <param name="messages">The conversation.</param>
    /// <param name="options">The caller's options.</param>
    /// <param name="clientOptions">The client's settings.</param>
    /// <param name="stream">Whether the answer is streamed.</param>
    /// <param name="rawRequest">What <see cref="ChatOptions.RawRepresentationFactory"/> returned: extra top-level fields, or <see langword="null"/>.</param>
    /// <param name="effortAdjustment">A sentence saying how a portable <see cref="ChatOptions.Reasoning"/> effort was changed to one the model accepts; <see langword="null"/> when it was not.</param>
    public static ChatCompletionRequest ToChatCompletionRequest(
        IEnumerable<ChatMessage> messages, ChatOptions? options, GreenPTClientOptions clientOptions, bool stream, object? rawRequest, out string? effortAdjustment)
    {
        if (options?.ModelId is { } modelId && string.IsNullOrWhiteSpace(modelId))
        {
            throw new ArgumentException(
                "ChatOptions.ModelId must not be empty or white space; leave it null to use GreenPTClientOptions.DefaultModelId.", nameof(options));
        }

        RefuseUnsupportedOptions(options);
        string model = options?.ModelId ?? clientOptions.DefaultModelId
            ?? throw new InvalidOperationException("No model: set ChatOptions.ModelId or GreenPTClientOptions.DefaultModelId.");
        GreenPTModelCapabilities? capabilities = KnownModels.Find(model, clientOptions.ModelCapabilities);
        var history = new HistoryRules(model, capabilities, ReasoningRoundTripOf(options, clientOptions, capabilities));

        var request = new ChatCompletionRequest
        {
            Model = model,
            Messages = ToRequestMessages(messages, options?.Instructions, history),
            ReasoningEffort = ToReasoningEffort(options, clientOptions.DefaultReasoningEffort, model, capabilities, out effortAdjustment),
        };

        if (request.Messages.Count == 0)
        {
            // GreenPT refuses an empty message list with a 400; nothing is sent for a request that cannot succeed.
            throw new ArgumentException("There is nothing to send: pass at least one ChatMessage, or set ChatOptions.Instructions.", nameof(messages));
        }

        if (stream)
        {
            request.Stream = true;
            request.StreamOptions = new StreamOptions { IncludeUsage = true };
        }

        if (options is not null)
        {
            request.Temperature = options.Temperature;
            request.TopP = options.TopP;
            request.TopK = options.TopK;
            request.MaxTokens = options.MaxOutputTokens;
            request.Stop = options.StopSequences is { Count: > 0 } stop ? stop : null;
            request.Seed = options.Seed;
            request.FrequencyPenalty = options.FrequencyPenalty;
            request.PresencePenalty = options.PresencePenalty;
            request.ResponseFormat = ToResponseFormat(options.ResponseFormat);
            request.Tools = ToTools(options.Tools);
            if (request.Tools is not null)
            {
                if (capabilities?.ToolCalling == false)
                {
                    throw new NotSupportedException(
                        $"ChatOptions.Tools holds {request.Tools.Count} tool(s), but model '{model}' does not call tools (its capabilities say ToolCalling = false). " +
                        "Use a model that calls tools, or correct GreenPTClientOptions.ModelCapabilities if GreenPT's model changed.");
                }

                request.ToolChoice = ToToolChoice(options.ToolMode);
                request.ParallelToolCalls = options.AllowMultipleToolCalls;
            }

            if (rawRequest is not null)
            {
                ExtraBodyMapper.ApplyFields(request, rawRequest, "The object ChatOptions.RawRepresentationFactory returned");
            }

            ExtraBodyMapper.Apply(request, options.AdditionalProperties, nameof(ChatOptions));
        }

        return request;
    }

    /// <summary>
    /// Refuses the <see cref="ChatOptions"/> members whose silent omission would change what the caller gets: GreenPT's chat completions
    /// keep no conversation on the server and cannot resume a background response.
    /// </summary>
    private static void RefuseUnsupportedOptions(ChatOptions? options)
    {
        if (options?.ConversationId is not null)
        {
            throw new NotSupportedException(
                "ChatOptions.ConversationId is set, but GreenPT's chat completions keep no conversation on the server: ignoring it would answer " +
                "without the conversation's history. Send the whole history in the messages and leave ConversationId null.");
        }

        if (options?.ContinuationToken is not null)
        {
            throw new NotSupportedException(
                "ChatOptions.ContinuationToken is set, but GreenPT has no background responses to resume: ignoring it would start a new answer. Leave it null.");
        }
    }

    /// <summary>The round-trip rule for a request: its <see cref="GreenPTPropertyNames.ReasoningRoundTrip"/>, else the client's, resolved for the model.</summary>
    internal static GreenPTReasoningRoundTrip ReasoningRoundTripOf(ChatOptions? options, GreenPTClientOptions clientOptions, GreenPTModelCapabilities? capabilities)
    {
        GreenPTReasoningRoundTrip chosen = ReadRoundTrip(options?.AdditionalProperties) ?? clientOptions.ReasoningRoundTrip;
        return chosen != GreenPTReasoningRoundTrip.Automatic ? chosen
            : capabilities?.TakesReasoningBack == false || (capabilities?.Reasoning == false && capabilities.TakesReasoningBack != true) ? GreenPTReasoningRoundTrip.Never
            : GreenPTReasoningRoundTrip.ToolCallTurns;
    }

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Usage", "CA2208", Justification = "The exception names the caller's options parameter, where the value came from.")]
    private static GreenPTReasoningRoundTrip? ReadRoundTrip(AdditionalPropertiesDictionary? properties)
    {
        if (properties is null || !properties.TryGetValue(GreenPTPropertyNames.ReasoningRoundTrip, out object? value) || value is null)
        {
            return null;
        }

        string? text = value switch
        {
            GreenPTReasoningRoundTrip mode when mode is >= GreenPTReasoningRoundTrip.Automatic and <= GreenPTReasoningRoundTrip.Never => null,
            string s => s,
            JsonElement { ValueKind: JsonValueKind.String } element => element.GetString(),
            _ => string.Empty,
        };
        if (text is null)
        {
            return (GreenPTReasoningRoundTrip)value;
        }

        return text.Replace("_", string.Empty).Replace("-", string.Empty).Trim().ToLowerInvariant() switch
        {
            "automatic" or "auto" => GreenPTReasoningRoundTrip.Automatic,
            "toolcallturns" => GreenPTReasoningRoundTrip.ToolCallTurns,
            "always" => GreenPTReasoningRoundTrip.Always,
            "never" => GreenPTReasoningRoundTrip.Never,
            _ => throw new ArgumentException(
                $"ChatOptions.AdditionalProperties[\"{GreenPTPropertyNames.ReasoningRoundTrip}\"] must be a GreenPTReasoningRoundTrip or one of " +
                $"\"automatic\", \"tool_call_turns\", \"always\", \"never\"; it was {Shown(value)}.",
                "options"),
        };
    }

    private static string Shown(object value) => value switch
    {
        string text => $"\"{text}\"",
        JsonElement element => element.GetRawText(),
        _ => $"a {value.GetType().Name} ({value})",
    };

    /// <summary>
    /// <c>reasoning_effort</c>, first found of: the GreenPT-specific property, the plain <c>reasoning_effort</c> property,
    /// <see cref="ChatOptions.Reasoning"/>, the client's default. <see langword="null"/> sends nothing.
    /// </summary>
    internal static string? ToReasoningEffort(ChatOptions? options, string? clientDefault) =>
        ToReasoningEffort(options, clientDefault, model: null, capabilities: null, out _);

    /// <summary>
    /// <c>reasoning_effort</c>, first found of: the GreenPT-specific property and the plain <c>reasoning_effort</c> property (both verbatim),
    /// <see cref="ChatOptions.Reasoning"/> (mapped to the nearest value the model accepts, when its capabilities say), the client's default
    /// (verbatim). <see langword="null"/> sends nothing.
    /// </summary>
    internal static string? ToReasoningEffort(
        ChatOptions? options, string? clientDefault, string? model, GreenPTModelCapabilities? capabilities, out string? adjustment)
    {
        adjustment = null;
        AdditionalPropertiesDictionary? properties = options?.AdditionalProperties;
        if ((ReadString(properties, GreenPTPropertyNames.ReasoningEffort) ?? ReadString(properties, GreenPTPropertyNames.OpenAIReasoningEffort)) is { } verbatim)
        {
            return verbatim;
        }

        if (ToWireEffort(options?.Reasoning?.Effort) is not { } wanted)
        {
            return clientDefault;
        }

        string sent = NearestAcceptedEffort(wanted, capabilities?.ReasoningEffortValues);
        if (sent != wanted)
        {
            adjustment = $"ChatOptions.Reasoning.Effort {options!.Reasoning!.Effort} (reasoning_effort \"{wanted}\") is not accepted by model '{model}', " +
                $"which takes {string.Join(", ", capabilities!.ReasoningEffortValues!)}: sent \"{sent}\" instead.";
        }

        return sent;
    }

    /// <summary>
    /// The value of <paramref name="accepted"/> nearest to <paramref name="wanted"/>: itself when accepted (or when nothing is known);
    /// for <c>none</c>, the least effort the model takes; for a thinking level, the nearest thinking level, a higher one on a tie
    /// (GreenPT documents every level but <c>none</c> as "thinking on").
    /// </summary>
    internal static string NearestAcceptedEffort(string wanted, IReadOnlyList<string>? accepted)
    {
        if (accepted is not { Count: > 0 })
        {
            return wanted;
        }

        foreach (string candidate in accepted)
        {
            if (string.Equals(candidate, wanted, StringComparison.OrdinalIgnoreCase))
            {
                return candidate; // in the model's own spelling
            }
        }

        int wantedRank = KnownModels.RankOf(wanted);
        bool thinksAtSomeLevel = accepted.Any(a => KnownModels.RankOf(a) > 0);
        string? best = null;
        int bestDistance = int.MaxValue;
        int bestRank = -1;
        foreach (string candidate in accepted)
        {
            int rank = KnownModels.RankOf(candidate);
            if (rank < 0 || (wantedRank > 0 && rank == 0 && thinksAtSomeLevel))
            {
                continue; // an unknown value is never chosen for a portable effort; "none" only when the model thinks at no level
            }

            int distance = Math.Abs(rank - wantedRank);
            if (distance < bestDistance || (distance == bestDistance && rank > bestRank))
            {
                (best, bestDistance, bestRank) = (candidate, distance, rank);
            }
        }

        return best ?? wanted;
    }

    /// <summary>GreenPT accepts none|minimal|low|medium|high; ExtraHigh maps to the nearest, high.</summary>
    internal static string? ToWireEffort(ReasoningEffort? effort) => effort switch
    {
        null => null,
        ReasoningEffort.None => "none",
        ReasoningEffort.Low => "low",
        ReasoningEffort.Medium => "medium",
        ReasoningEffort.High or ReasoningEffort.ExtraHigh => "high",
        _ => null, // a value added to MEAI after this release: leave the model's default rather than fail every request

    };

    /// <summary>How earlier turns are written for one request: the model, what it takes, and whether reasoning goes back.</summary>
    internal readonly record struct HistoryRules(string? Model, GreenPTModelCapabilities? Capabilities, GreenPTReasoningRoundTrip RoundTrip)
    {
        public static HistoryRules Default { get; } = new(null, null, GreenPTReasoningRoundTrip.ToolCallTurns);
    }

    internal static List<RequestMessage> ToRequestMessages(IEnumerable<ChatMessage> messages, string? instructions) =>
        ToRequestMessages(messages, instructions, HistoryRules.Default);

    internal static List<RequestMessage> ToRequestMessages(IEnumerable<ChatMessage> messages, string? instructions, HistoryRules rules)
    {
        // Sized for one wire message per message (and the instructions): a long history is not copied as the list grows.
        var result = new List<RequestMessage>(messages is IReadOnlyCollection<ChatMessage> known ? known.Count + 1 : 4);
        // Instructions of only whitespace are none (as MEAI's OpenAI client reads them): no blank system message.
        if (!string.IsNullOrWhiteSpace(instructions))
        {
            result.Add(new RequestMessage { Role = "system", Content = new MessageContent(instructions!) });
        }

        int index = 0;
        foreach (ChatMessage message in messages)
        {
            if (message is null)
            {
                throw new ArgumentException($"messages[{index}] is null.", nameof(messages));
            }

            AddMessage(result, message, index++, rules);
        }

        return result;
    }

    /// <summary>
    /// One MEAI message becomes one wire message (its text, images and tool calls), followed by one <c>tool</c> message per
    /// function result it holds, in order.
    /// </summary>
    private static void AddMessage(List<RequestMessage> result, ChatMessage message, int index, HistoryRules rules)
    {
        string role = message.Role.Value;
        if (message.Contents is { Count: 1 } single && single[0] is TextContent onlyText)
        {
            // The common case, without the part list the general path builds.
            result.Add(new RequestMessage { Role = role, Name = ToWireName(message.AuthorName), Content = new MessageContent(onlyText.Text ?? string.Empty) });
            return;
        }

        List<ContentPart>? parts = null;
        List<RequestToolCall>? toolCalls = null;
        List<RequestMessage>? toolResults = null;
        System.Text.StringBuilder? reasoning = null;
        bool hasImage = false;

        foreach (AIContent content in message.Contents)
        {
            switch (content)
            {
                case TextContent text:
                    (parts ??= []).Add(new ContentPart { Type = "text", Text = text.Text });
                    break;

                case DataContent data when data.HasTopLevelMediaType("image"):
                    RefuseImageIfTextOnly(rules, index, role, content);
                    (parts ??= []).Add(ImagePart(data.Uri));
                    hasImage = true;
                    break;

                case UriContent uri when uri.HasTopLevelMediaType("image"):
                    RefuseImageIfTextOnly(rules, index, role, content);
                    (parts ??= []).Add(ImagePart(uri.Uri.ToString()));
                    hasImage = true;
                    break;

                // Reasoning (streamed reasoning in several pieces too) goes back as one string, when the round-trip rule says so.
                case TextReasoningContent { Text.Length: > 0 } thought:
                    (reasoning ??= new System.Text.StringBuilder()).Append(thought.Text);
                    break;

                case FunctionCallContent call:
                    (toolCalls ??= []).Add(new RequestToolCall
                    {
                        Id = ToolCallIds.ToWire(call.CallId),
                        Function = new RequestFunctionCall { Name = call.Name, Arguments = SerializeArguments(call.Arguments) },
                    });
                    break;

                case FunctionResultContent functionResult:
                    (toolResults ??= []).Add(new RequestMessage
                    {
                        Role = "tool",
                        ToolCallId = ToolCallIds.ToWire(functionResult.CallId),
                        Content = new MessageContent(SerializeResult(functionResult)),
                    });
                    break;

                // Reasoning without text (only protected data, which GreenPT never sends) and usage are output-only.
                case TextReasoningContent:
                case UsageContent:
                    break;

                default:
                    throw new NotSupportedException(
                        $"messages[{index}] ({role}) contains {Describe(content)}, which GreenPT's chat completions API cannot take. " +
                        "Supported inputs are text, images (DataContent or UriContent with an image/* media type), function calls and function results.");
            }
        }

        if (parts is not null || toolCalls is not null || toolResults is null)
        {
            MessageContent? body = parts switch
            {
                null when toolCalls is not null => null,
                null => new MessageContent(string.Empty),
                _ when hasImage => new MessageContent(parts),
                { Count: 1 } => new MessageContent(parts[0].Text ?? string.Empty),
                _ => new MessageContent(string.Concat(parts.Select(p => p.Text))),
            };
            bool sendReasoning = reasoning is not null && message.Role == ChatRole.Assistant && rules.RoundTrip switch
            {
                GreenPTReasoningRoundTrip.Always => true,
                GreenPTReasoningRoundTrip.ToolCallTurns => toolCalls is not null,
                _ => false,
            };
            result.Add(new RequestMessage
            {
                Role = role,
                Name = ToWireName(message.AuthorName),
                Content = body,
                ToolCalls = toolCalls,
                ReasoningContent = sendReasoning ? reasoning!.ToString() : null,
            });
        }

        if (toolResults is not null)
        {
            result.AddRange(toolResults);
        }
    }

    private static void RefuseImageIfTextOnly(HistoryRules rules, int index, string role, AIContent content)
    {
        if (rules.Capabilities?.Vision == false)
        {
            throw new NotSupportedException(
                $"messages[{index}] ({role}) contains an image ({Describe(content)}), but model '{rules.Model}' takes text only (its capabilities say Vision = false). " +
                "Use a vision model such as gemma4, or correct GreenPTClientOptions.ModelCapabilities if GreenPT's model changed.");
        }
    }

    private static ContentPart ImagePart(string url) => new() { Type = "image_url", ImageUrl = new ImageUrl { Url = url } };

    private static string Describe(AIContent content) => content switch
    {
        DataContent data => $"a DataContent of media type '{data.MediaType}'",
        UriContent uri => $"a UriContent of media type '{uri.MediaType}'",
        _ => $"a {content.GetType().Name}",
    };

    /// <summary>
    /// A message author's name as OpenAI-compatible servers accept it (<c>^[a-zA-Z0-9_-]{1,64}$</c>): other characters, such as
    /// the spaces in a Semantic Kernel agent's name, become <c>_</c>.
    /// </summary>
    internal static string? ToWireName(string? authorName)
    {
        if (string.IsNullOrWhiteSpace(authorName))
        {
            return null;
        }

        char[] name = authorName!.Trim().ToCharArray(0, Math.Min(authorName.Trim().Length, 64));
        for (int i = 0; i < name.Length; i++)
        {
            if (!ToolCallIds.IsAsciiLetterOrDigit(name[i]) && name[i] is not ('_' or '-'))
            {
                name[i] = '_';
            }
        }

        return new string(name);
    }

    internal static string SerializeArguments(IDictionary<string, object?>? arguments) =>
        arguments is null
            ? "{}"
            : JsonSerializer.Serialize(arguments, ArgumentsType);

    /// <summary>The contract of tool-call arguments, looked up once.</summary>
    private static readonly JsonTypeInfo ArgumentsType = GreenPTJsonContext.EmbeddedJson.GetTypeInfo(typeof(IDictionary<string, object?>));

    internal static string SerializeResult(FunctionResultContent result) => result.Result switch
    {
        null when result.Exception is { } exception => $"Error: {exception.Message}",
        null => string.Empty,
        string text => text,
        JsonElement element => element.ValueKind == JsonValueKind.String ? element.GetString()! : element.GetRawText(),
        JsonNode node => node.ToJsonString(),
        TextContent text => text.Text,
        object value => JsonSerializer.Serialize(value, GreenPTJsonContext.EmbeddedJson.GetTypeInfo(value.GetType())),
    };

    private static ResponseFormat? ToResponseFormat(ChatResponseFormat? format) => format switch
    {
        null => null,
        ChatResponseFormatText => new ResponseFormat { Type = "text" },
        ChatResponseFormatJson { Schema: null } => new ResponseFormat { Type = "json_object" },
        ChatResponseFormatJson json => new ResponseFormat
        {
            Type = "json_schema",
            JsonSchema = new JsonSchemaFormat
            {
                Name = json.SchemaName ?? "response",
                Description = json.SchemaDescription,
                Schema = json.Schema,
            },
        },
        _ => throw new NotSupportedException($"ChatOptions.ResponseFormat of type {format.GetType().Name} is not supported."),
    };

    private static List<RequestTool>? ToTools(IList<AITool>? tools)
    {
        if (tools is not { Count: > 0 })
        {
            return null;
        }

        var result = new List<RequestTool>(tools.Count);
        foreach (AITool tool in tools)
        {
            if (tool is not AIFunctionDeclaration function)
            {
                throw new NotSupportedException(
                    $"ChatOptions.Tools contains '{tool.Name}' ({tool.GetType().Name}); GreenPT takes function tools (AIFunctionDeclaration) only.");
            }

            result.Add(new RequestTool
            {
                Function = new RequestFunction
                {
                    Name = function.Name,
                    Description = string.IsNullOrEmpty(function.Description) ? null : function.Description,
                    Parameters = function.JsonSchema,
                },
            });
        }

        return result;
    }

    private static JsonElement? ToToolChoice(ChatToolMode? mode) => mode switch
    {
        null => null,
        NoneChatToolMode => NoneChoice,
        AutoChatToolMode => AutoChoice,
        RequiredChatToolMode { RequiredFunctionName: null } => RequiredChoice,
        RequiredChatToolMode { RequiredFunctionName: string name } => FunctionChoice(name),
        _ => throw new NotSupportedException($"ChatOptions.ToolMode of type {mode.GetType().Name} is not supported."),
    };

    // Built once: a JsonElement is read-only, so every request can share these instead of building a document each time.
    private static readonly JsonElement NoneChoice = StringElement("none");
    private static readonly JsonElement AutoChoice = StringElement("auto");
    private static readonly JsonElement RequiredChoice = StringElement("required");

    private static JsonElement StringElement(string value) =>
        JsonSerializer.SerializeToElement(value, GreenPTJsonContext.Default.String);

    private static JsonElement FunctionChoice(string name)
    {
        var buffer = new System.IO.MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("type", "function");
            writer.WritePropertyName("function");
            writer.WriteStartObject();
            writer.WriteString("name", name);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        using JsonDocument document = JsonDocument.Parse(buffer.ToArray());
        return document.RootElement.Clone();
    }

    private static string? ReadString(AdditionalPropertiesDictionary? properties, string key) =>
        properties is not null && properties.TryGetValue(key, out object? value)
            ? value switch
            {
                string text when !string.IsNullOrWhiteSpace(text) => text,
                JsonElement { ValueKind: JsonValueKind.String } element when !string.IsNullOrWhiteSpace(element.GetString()) => element.GetString(),
                _ => null,
            }
            : null;
}
