using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.AI;
using Microsoft.SemanticKernel;

namespace GreenPT.AI.SemanticKernel;

/// <summary>
/// Semantic Kernel execution settings with GreenPT's typed settings: <see cref="ReasoningEffort"/> (including <c>"none"</c>, which
/// plain <see cref="PromptExecutionSettings"/> loses), <see cref="ExtraBody"/> fields, and the common sampling settings.
/// </summary>
/// <remarks>
/// <para>The JSON names are those of prompt templates' <c>execution_settings</c> (<c>reasoning_effort</c>, <c>max_tokens</c>,
/// <c>temperature</c>, <c>extra_body</c>, …): a template's settings are read into this type by
/// <see cref="FromExecutionSettings(PromptExecutionSettings?)"/>, which the chat completion service registered by
/// <c>AddGreenPTChatCompletion</c> does for every call, so a template saying <c>"reasoning_effort": "none"</c> puts exactly that on
/// the wire.</para>
/// <para>Keys GreenPT's client reads (<c>greenpt.reasoning_effort</c>, <c>greenpt.extra_body</c>) may also be set in
/// <see cref="PromptExecutionSettings.ExtensionData"/>; Semantic Kernel forwards them untouched.</para>
/// </remarks>
public sealed class GreenPTPromptExecutionSettings : PromptExecutionSettings
{
    private string? _reasoningEffort;
    private double? _temperature;
    private double? _topP;
    private int? _topK;
    private int? _maxTokens;
    private IList<string>? _stopSequences;
    private long? _seed;
    private double? _frequencyPenalty;
    private double? _presencePenalty;
    private object? _responseFormat;
    private string? _chatSystemPrompt;
    private IDictionary<string, object?>? _extraBody;
    private string? _reasoningRoundTrip;

    /// <summary>
    /// Sent verbatim as <c>reasoning_effort</c>: any value the model accepts, for example <c>"none"</c> (thinking off),
    /// <c>"minimal"</c>, <c>"low"</c>, <c>"medium"</c> or <c>"high"</c>. <see langword="null"/> sends nothing (the model's default, or
    /// <see cref="GreenPTClientOptions.DefaultReasoningEffort"/>).
    /// </summary>
    [JsonPropertyName("reasoning_effort")]
    public string? ReasoningEffort { get => _reasoningEffort; set => Set(ref _reasoningEffort, value); }

    /// <summary>
    /// Which earlier assistant turns send their reasoning back as <c>reasoning_content</c>: <c>"automatic"</c>, <c>"tool_call_turns"</c>,
    /// <c>"always"</c> or <c>"never"</c> (see <see cref="GreenPTReasoningRoundTrip"/>). <see langword="null"/> keeps
    /// <see cref="GreenPTClientOptions.ReasoningRoundTrip"/>.
    /// </summary>
    [JsonPropertyName("reasoning_round_trip")]
    public string? ReasoningRoundTrip { get => _reasoningRoundTrip; set => Set(ref _reasoningRoundTrip, value); }

    /// <summary>Sampling temperature (<c>temperature</c>).</summary>
    [JsonPropertyName("temperature")]
    public double? Temperature { get => _temperature; set => Set(ref _temperature, value); }

    /// <summary>Nucleus sampling (<c>top_p</c>).</summary>
    [JsonPropertyName("top_p")]
    public double? TopP { get => _topP; set => Set(ref _topP, value); }

    /// <summary>Top-k sampling (<c>top_k</c>).</summary>
    [JsonPropertyName("top_k")]
    public int? TopK { get => _topK; set => Set(ref _topK, value); }

    /// <summary>The most tokens to generate, reasoning included (<c>max_tokens</c>).</summary>
    [JsonPropertyName("max_tokens")]
    public int? MaxTokens { get => _maxTokens; set => Set(ref _maxTokens, value); }

    /// <summary>Sequences that end generation (<c>stop_sequences</c>, sent as <c>stop</c>).</summary>
    [JsonPropertyName("stop_sequences")]
    public IList<string>? StopSequences { get => _stopSequences; set => Set(ref _stopSequences, value); }

    /// <summary>A seed for repeatable sampling (<c>seed</c>).</summary>
    [JsonPropertyName("seed")]
    public long? Seed { get => _seed; set => Set(ref _seed, value); }

    /// <summary>Frequency penalty (<c>frequency_penalty</c>).</summary>
    [JsonPropertyName("frequency_penalty")]
    public double? FrequencyPenalty { get => _frequencyPenalty; set => Set(ref _frequencyPenalty, value); }

    /// <summary>Presence penalty (<c>presence_penalty</c>).</summary>
    [JsonPropertyName("presence_penalty")]
    public double? PresencePenalty { get => _presencePenalty; set => Set(ref _presencePenalty, value); }

    /// <summary>
    /// The answer's format (<c>response_format</c>): <c>"text"</c>, <c>"json_object"</c>, a JSON schema as a <see cref="JsonElement"/> or
    /// its JSON text, an MEAI <see cref="ChatResponseFormat"/>, or a <see cref="Type"/> whose JSON schema the answer must follow.
    /// </summary>
    /// <remarks>In JSON (prompt templates) only the string and schema forms exist; the other two are applied from the object itself.</remarks>
    [JsonPropertyName("response_format")]
    [JsonConverter(typeof(ResponseFormatJsonConverter))]
    public object? ResponseFormat { get => _responseFormat; set => Set(ref _responseFormat, value); }

    /// <summary>
    /// A system prompt sent before the chat history when the history has no system message (<c>chat_system_prompt</c>, as in
    /// Semantic Kernel's OpenAI connector; it travels as MEAI's <see cref="ChatOptions.Instructions"/>).
    /// </summary>
    [JsonPropertyName("chat_system_prompt")]
    public string? ChatSystemPrompt { get => _chatSystemPrompt; set => Set(ref _chatSystemPrompt, value); }

    /// <summary>
    /// Extra top-level request fields, written verbatim into the request body (see <see cref="GreenPTPropertyNames.ExtraBody"/>), for
    /// example <c>{ ["chat_template_kwargs"] = new Dictionary&lt;string, object?&gt; { ["enable_thinking"] = false } }</c>.
    /// </summary>
    [JsonPropertyName("extra_body")]
    public IDictionary<string, object?>? ExtraBody { get => _extraBody; set => Set(ref _extraBody, value); }

    /// <summary>
    /// Settings of any type as GreenPT settings: these ones as they are; others (plain <see cref="PromptExecutionSettings"/> from a
    /// prompt template, or another connector's) read by their JSON names, keeping what has no GreenPT property in
    /// <see cref="PromptExecutionSettings.ExtensionData"/>.
    /// </summary>
    /// <param name="executionSettings">The settings; <see langword="null"/> gives <see langword="null"/>.</param>
    /// <returns>GreenPT settings, or <see langword="null"/>.</returns>
    public static GreenPTPromptExecutionSettings? FromExecutionSettings(PromptExecutionSettings? executionSettings)
    {
        switch (executionSettings)
        {
            case null:
                return null;
            case GreenPTPromptExecutionSettings greenPT:
                return greenPT;
            default:
                GreenPTPromptExecutionSettings settings = ReadByJsonNames(executionSettings);
                settings.ServiceId = executionSettings.ServiceId;
                settings.ModelId = executionSettings.ModelId;
                settings.FunctionChoiceBehavior = executionSettings.FunctionChoiceBehavior;
                return settings;
        }
    }

    /// <summary>
    /// Another type's settings read by their JSON names. A settings type that cannot be written as JSON (another connector's
    /// settings holding a <see cref="Type"/>, say) gives its common part: its extension data and, from its own properties, a
    /// response format.
    /// </summary>
    private static GreenPTPromptExecutionSettings ReadByJsonNames(PromptExecutionSettings other)
    {
        try
        {
            string json = JsonSerializer.Serialize(other, other.GetType(), SettingsJson.Options);
            return JsonSerializer.Deserialize<GreenPTPromptExecutionSettings>(json, SettingsJson.Options)!;
        }
        catch (NotSupportedException)
        {
            string json = JsonSerializer.Serialize(new PromptExecutionSettings { ExtensionData = other.ExtensionData }, SettingsJson.Options);
            GreenPTPromptExecutionSettings settings = JsonSerializer.Deserialize<GreenPTPromptExecutionSettings>(json, SettingsJson.Options)!;
            settings.ResponseFormat ??= other.GetType().GetProperty("ResponseFormat")?.GetValue(other);
            return settings;
        }
    }

    /// <inheritdoc />
    public override PromptExecutionSettings Clone() => new GreenPTPromptExecutionSettings
    {
        ServiceId = ServiceId,
        ModelId = ModelId,
        FunctionChoiceBehavior = FunctionChoiceBehavior,
        ExtensionData = ExtensionData is null ? null : new Dictionary<string, object>(ExtensionData),
        ReasoningEffort = ReasoningEffort,
        ReasoningRoundTrip = ReasoningRoundTrip,
        Temperature = Temperature,
        TopP = TopP,
        TopK = TopK,
        MaxTokens = MaxTokens,
        StopSequences = StopSequences is null ? null : [.. StopSequences],
        Seed = Seed,
        FrequencyPenalty = FrequencyPenalty,
        PresencePenalty = PresencePenalty,
        ResponseFormat = ResponseFormat,
        ChatSystemPrompt = ChatSystemPrompt,
        ExtraBody = ExtraBody is null ? null : new Dictionary<string, object?>(ExtraBody),
    };

    /// <inheritdoc />
    public override void Freeze()
    {
        if (IsFrozen)
        {
            return;
        }

        if (_stopSequences is not null)
        {
            _stopSequences = new System.Collections.ObjectModel.ReadOnlyCollection<string>([.. _stopSequences]);
        }

        if (_extraBody is not null)
        {
            _extraBody = new System.Collections.ObjectModel.ReadOnlyDictionary<string, object?>(new Dictionary<string, object?>(_extraBody));
        }

        base.Freeze();
    }

    /// <summary>
    /// Puts what Semantic Kernel's conversion to <see cref="ChatOptions"/> cannot carry where GreenPT's client reads it:
    /// <see cref="ReasoningEffort"/> under <see cref="GreenPTPropertyNames.ReasoningEffort"/> (Semantic Kernel drops <c>"none"</c> and
    /// <c>"minimal"</c>), <see cref="ExtraBody"/> under <see cref="GreenPTPropertyNames.ExtraBody"/>.
    /// </summary>
    /// <param name="options">The options Semantic Kernel built from these settings.</param>
    protected override void PrepareChatOptionsForRequest(ChatOptions options)
    {
        base.PrepareChatOptionsForRequest(options);
        if (ReasoningEffort is { Length: > 0 } effort)
        {
            (options.AdditionalProperties ??= [])[GreenPTPropertyNames.ReasoningEffort] = effort;
        }

        if (ReasoningRoundTrip is { Length: > 0 } roundTrip)
        {
            (options.AdditionalProperties ??= [])[GreenPTPropertyNames.ReasoningRoundTrip] = roundTrip;
        }

        if (ExtraBody is { } extraBody)
        {
            options.AdditionalProperties ??= [];
            options.AdditionalProperties.Remove("extra_body");
            options.AdditionalProperties[GreenPTPropertyNames.ExtraBody] = new Dictionary<string, object?>(extraBody);
        }

        switch (ResponseFormat)
        {
            case ChatResponseFormat format:
                options.ResponseFormat = format;
                break;
            case Type type:
                options.ResponseFormat = ChatResponseFormat.ForJsonSchema(type, AIJsonUtilities.DefaultOptions);
                break;
            case string schema when schema.TrimStart() is { Length: > 0 } trimmed && trimmed[0] == '{':
                using (JsonDocument document = JsonDocument.Parse(schema))
                {
                    options.ResponseFormat = ChatResponseFormat.ForJsonSchema(document.RootElement.Clone());
                }

                break;
        }
    }

    private void Set<T>(ref T field, T value)
    {
        ThrowIfFrozen();
        field = value;
    }
}
