using System.Text.Json;
using System.Text.Json.Nodes;
using GreenPT.AI.Wire;
using Microsoft.Extensions.AI;

namespace GreenPT.AI.Mapping;

/// <summary>Builds GreenPT's request body from MEAI messages and options. Pure: no I/O, never changes its inputs.</summary>
internal static class ChatRequestMapper
{
    public static ChatCompletionRequest ToChatCompletionRequest(
        IEnumerable<ChatMessage> messages, ChatOptions? options, GreenPTClientOptions clientOptions, bool stream)
    {
        if (options?.ModelId is { } modelId && string.IsNullOrWhiteSpace(modelId))
        {
            throw new ArgumentException(
                "ChatOptions.ModelId must not be empty or white space; leave it null to use GreenPTClientOptions.DefaultModelId.", nameof(options));
        }

        var request = new ChatCompletionRequest
        {
            Model = options?.ModelId ?? clientOptions.DefaultModelId
                ?? throw new InvalidOperationException("No model: set ChatOptions.ModelId or GreenPTClientOptions.DefaultModelId."),
            Messages = ToRequestMessages(messages, options?.Instructions),
            ReasoningEffort = ToReasoningEffort(options, clientOptions.DefaultReasoningEffort),
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
                request.ToolChoice = ToToolChoice(options.ToolMode);
                request.ParallelToolCalls = options.AllowMultipleToolCalls;
            }

            ExtraBodyMapper.Apply(request, options.AdditionalProperties, nameof(ChatOptions));
        }

        return request;
    }

    /// <summary>
    /// <c>reasoning_effort</c>, first found of: the GreenPT-specific property, the plain <c>reasoning_effort</c> property,
    /// <see cref="ChatOptions.Reasoning"/>, the client's default. <see langword="null"/> sends nothing.
    /// </summary>
    internal static string? ToReasoningEffort(ChatOptions? options, string? clientDefault)
    {
        AdditionalPropertiesDictionary? properties = options?.AdditionalProperties;
        return ReadString(properties, GreenPTPropertyNames.ReasoningEffort)
            ?? ReadString(properties, GreenPTPropertyNames.OpenAIReasoningEffort)
            ?? ToWireEffort(options?.Reasoning?.Effort)
            ?? clientDefault;
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

    internal static List<RequestMessage> ToRequestMessages(IEnumerable<ChatMessage> messages, string? instructions)
    {
        var result = new List<RequestMessage>();
        if (!string.IsNullOrEmpty(instructions))
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

            AddMessage(result, message, index++);
        }

        return result;
    }

    /// <summary>
    /// One MEAI message becomes one wire message (its text, images and tool calls), followed by one <c>tool</c> message per
    /// function result it holds, in order.
    /// </summary>
    private static void AddMessage(List<RequestMessage> result, ChatMessage message, int index)
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
        bool hasImage = false;

        foreach (AIContent content in message.Contents)
        {
            switch (content)
            {
                case TextContent text:
                    (parts ??= []).Add(new ContentPart { Type = "text", Text = text.Text });
                    break;

                case DataContent data when data.HasTopLevelMediaType("image"):
                    (parts ??= []).Add(ImagePart(data.Uri));
                    hasImage = true;
                    break;

                case UriContent uri when uri.HasTopLevelMediaType("image"):
                    (parts ??= []).Add(ImagePart(uri.Uri.ToString()));
                    hasImage = true;
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

                // Earlier turns' reasoning and usage are output-only: chat completions take no such input.
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
            result.Add(new RequestMessage { Role = role, Name = ToWireName(message.AuthorName), Content = body, ToolCalls = toolCalls });
        }

        if (toolResults is not null)
        {
            result.AddRange(toolResults);
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
            : JsonSerializer.Serialize(arguments, GreenPTJsonContext.EmbeddedJson.GetTypeInfo(typeof(IDictionary<string, object?>)));

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
        NoneChatToolMode => StringElement("none"),
        AutoChatToolMode => StringElement("auto"),
        RequiredChatToolMode { RequiredFunctionName: null } => StringElement("required"),
        RequiredChatToolMode { RequiredFunctionName: string name } => FunctionChoice(name),
        _ => throw new NotSupportedException($"ChatOptions.ToolMode of type {mode.GetType().Name} is not supported."),
    };

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
