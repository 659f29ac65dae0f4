using System.Buffers;
using System.ClientModel;
using System.ClientModel.Primitives;
using System.Net.Http.Headers;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.Extensions.AI;
using OpenAI;
using OpenAIChat = OpenAI.Chat;

namespace GreenPT.AI.Benchmarks;

/// <summary>What a consumer got out of a stream: the same numbers from every contender mean they read the same thing.</summary>
public record struct StreamResult(int Updates, int ContentChars, int ReasoningChars, int ToolCalls, int ToolArgumentProperties);

/// <summary>Which client reads the bytes.</summary>
public enum Contender
{
    GreenPT,
    OpenAISdk,
    RawLowerBound,
}

/// <summary>
/// The three contenders, each with its own <see cref="HttpClient"/> over its own in-memory handler that serves the same
/// bytes, and the consumer code each one runs. Consumers touch every update the way an application would (sum the text
/// lengths, collect tool-call arguments) and never keep the updates, so only the client's own memory use is measured.
/// </summary>
public sealed class Contenders : IDisposable
{
    public const string ApiKey = "sk-benchmark-0000000000000000";
    public static readonly Uri GreenPTEndpoint = new("https://api.greenpt.test/v1/");
    private static readonly byte[] DoneMarker = "[DONE]"u8.ToArray();

    private readonly RequestData _data = RequestData.Instance;
    private readonly HttpClient _oursHttp;
    private readonly HttpClient _openAIHttp;
    private readonly HttpClient _rawHttp;
    private readonly GreenPTChatClient _ours;
    private readonly OpenAIChat.ChatClient _openAI;
    private readonly AuthenticationHeaderValue _rawAuthorization = new("Bearer", ApiKey);
    private readonly ArrayBufferWriter<byte> _rawBody = new(16_384);
    private readonly Utf8JsonWriter _rawWriter;
    private readonly Uri _rawUri;
    private readonly HttpMessageHandler _oursHandler;
    private readonly HttpMessageHandler _openAIHandler;
    private readonly HttpMessageHandler _rawHandler;

    /// <param name="handler">Creates each contender's handler; all must serve the same bytes.</param>
    /// <param name="configure">Changes to our client's options, for variants such as the idle timeout off.</param>
    public Contenders(Func<InMemoryHandler> handler, Action<GreenPTClientOptions>? configure = null)
        : this(handler, GreenPTEndpoint, configure)
    {
    }

    /// <param name="handler">Creates each contender's handler (in memory, or a socket handler to a loopback server).</param>
    /// <param name="endpoint">The API's base address, ending in <c>/v1/</c>.</param>
    /// <param name="configure">Changes to our client's options.</param>
    public Contenders(Func<HttpMessageHandler> handler, Uri endpoint, Action<GreenPTClientOptions>? configure = null)
    {
        _oursHandler = handler();
        _openAIHandler = handler();
        _rawHandler = handler();
        _oursHttp = new HttpClient(_oursHandler);
        _openAIHttp = new HttpClient(_openAIHandler);
        _rawHttp = new HttpClient(_rawHandler);
        _rawUri = new Uri(endpoint, "chat/completions");

        var options = new GreenPTClientOptions { ApiKey = ApiKey, Endpoint = endpoint, DefaultModelId = Payloads.Model };
        configure?.Invoke(options);
        _ours = new GreenPTChatClient(options, _oursHttp);

        _openAI = new OpenAIChat.ChatClient(
            Payloads.Model,
            new ApiKeyCredential(ApiKey),
            new OpenAIClientOptions { Endpoint = new Uri(endpoint.AbsoluteUri.TrimEnd('/')), Transport = new HttpClientPipelineTransport(_openAIHttp) });

        _rawWriter = new Utf8JsonWriter(_rawBody, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true });
    }

    public InMemoryHandler OursHandler => (InMemoryHandler)_oursHandler;
    public InMemoryHandler OpenAIHandler => (InMemoryHandler)_openAIHandler;
    public InMemoryHandler RawHandler => (InMemoryHandler)_rawHandler;

    public GreenPTChatClient Ours => _ours;

    public Task<StreamResult> StreamAsync(Contender contender, bool readReasoning, Action<int>? onUpdate = null, CancellationToken cancellationToken = default) =>
        contender switch
        {
            Contender.GreenPT => OursStreamingAsync(onUpdate, cancellationToken),
            Contender.OpenAISdk => OpenAIStreamingAsync(readReasoning, onUpdate, cancellationToken),
            Contender.RawLowerBound => RawStreamingAsync(onUpdate, cancellationToken),
            _ => throw new ArgumentOutOfRangeException(nameof(contender)),
        };

    public Task<int> CompleteAsync(Contender contender) => contender switch
    {
        Contender.GreenPT => OursCompleteAsync(),
        Contender.OpenAISdk => OpenAICompleteAsync(),
        Contender.RawLowerBound => RawCompleteAsync(),
        _ => throw new ArgumentOutOfRangeException(nameof(contender)),
    };

    // ---------------- Streaming ----------------

    public async Task<StreamResult> OursStreamingAsync(Action<int>? onUpdate = null, CancellationToken cancellationToken = default)
    {
        var result = new StreamResult();
        await foreach (ChatResponseUpdate update in _ours.GetStreamingResponseAsync(_data.StreamingMessages, null, cancellationToken))
        {
            bool any = false;
            IList<AIContent> contents = update.Contents;
            for (int i = 0; i < contents.Count; i++)
            {
                switch (contents[i])
                {
                    case TextContent text:
                        result.ContentChars += text.Text.Length;
                        any = true;
                        break;
                    case TextReasoningContent reasoning:
                        result.ReasoningChars += reasoning.Text.Length;
                        any = true;
                        break;
                    case FunctionCallContent call:
                        result.ToolCalls++;
                        result.ToolArgumentProperties += call.Arguments?.Count ?? 0;
                        break;
                }
            }

            if (any)
            {
                result.Updates++;
                onUpdate?.Invoke(result.Updates);
            }
        }

        return result;
    }

    public async Task<StreamResult> OpenAIStreamingAsync(bool readReasoning, Action<int>? onUpdate = null, CancellationToken cancellationToken = default)
    {
        var result = new StreamResult();
        ToolArguments? toolArguments = null;
        OpenAIChat.ChatCompletionOptions options = _data.NewOpenAIOptions(withTools: false);
        await foreach (OpenAIChat.StreamingChatCompletionUpdate update in _openAI.CompleteChatStreamingAsync(_data.OpenAIStreamingMessages, options, cancellationToken))
        {
            bool any = false;
            OpenAIChat.ChatMessageContent content = update.ContentUpdate;
            for (int i = 0; i < content.Count; i++)
            {
                result.ContentChars += content[i].Text.Length;
                any = true;
            }

            // The SDK has no typed field for GreenPT's reasoning deltas; its JSON patch reaches the unknown property.
#pragma warning disable SCME0001 // JsonPatch is experimental.
            if (readReasoning && update.Patch.TryGetValue("$.choices[0].delta.reasoning_content"u8, out string? reasoning) && reasoning is not null)
#pragma warning restore SCME0001
            {
                result.ReasoningChars += reasoning.Length;
                any = true;
            }

            IReadOnlyList<OpenAIChat.StreamingChatToolCallUpdate> toolCalls = update.ToolCallUpdates;
            for (int i = 0; i < toolCalls.Count; i++)
            {
                OpenAIChat.StreamingChatToolCallUpdate toolCall = toolCalls[i];
                (toolArguments ??= new ToolArguments()).Append(toolCall.Index, toolCall.FunctionArgumentsUpdate is { } fragment ? fragment.ToMemory().Span : default);
            }

            if (any)
            {
                result.Updates++;
                onUpdate?.Invoke(result.Updates);
            }
        }

        toolArguments?.Complete(ref result);
        return result;
    }

    public async Task<StreamResult> RawStreamingAsync(Action<int>? onUpdate = null, CancellationToken cancellationToken = default)
    {
        using HttpRequestMessage request = RawRequest(stream: true);
        using HttpResponseMessage response = await _rawHttp.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        response.EnsureSuccessStatusCode();
        using Stream body = await response.Content.ReadAsStreamAsync(cancellationToken);

        var state = new RawStreamState();
        var result = new StreamResult();
        await foreach (SseItem<RawDelta> item in SseParser.Create(body, state.Parse).EnumerateAsync(cancellationToken))
        {
            RawDelta delta = item.Data;
            if (delta.Done)
            {
                break;
            }

            bool any = false;
            if (delta.Content is { } content)
            {
                result.ContentChars += content.Length;
                any = true;
            }

            if (delta.Reasoning is { } reasoning)
            {
                result.ReasoningChars += reasoning.Length;
                any = true;
            }

            if (any)
            {
                result.Updates++;
                onUpdate?.Invoke(result.Updates);
            }
        }

        state.ToolArguments?.Complete(ref result);
        return result;
    }

    /// <summary>The texts of a stream, for the first-update check.</summary>
    public async IAsyncEnumerable<string> StreamTextsAsync(Contender contender, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        switch (contender)
        {
            case Contender.GreenPT:
                await foreach (ChatResponseUpdate update in _ours.GetStreamingResponseAsync(_data.StreamingMessages, null, cancellationToken))
                {
                    yield return update.Text;
                }

                break;

            case Contender.OpenAISdk:
                await foreach (OpenAIChat.StreamingChatCompletionUpdate update in _openAI.CompleteChatStreamingAsync(_data.OpenAIStreamingMessages, _data.NewOpenAIOptions(false), cancellationToken))
                {
                    yield return string.Concat(update.ContentUpdate.Select(p => p.Text));
                }

                break;

            default:
                using (HttpRequestMessage request = RawRequest(stream: true))
                using (HttpResponseMessage response = await _rawHttp.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken))
                using (Stream body = await response.Content.ReadAsStreamAsync(cancellationToken))
                {
                    var state = new RawStreamState();
                    await foreach (SseItem<RawDelta> item in SseParser.Create(body, state.Parse).EnumerateAsync(cancellationToken))
                    {
                        yield return item.Data.Content ?? string.Empty;
                    }
                }

                break;
        }
    }

    // ---------------- Non-streaming ----------------

    public async Task<int> OursCompleteAsync()
    {
        ChatResponse response = await _ours.GetResponseAsync(_data.History, _data.ChatOptions);
        int chars = 0;
        IList<AIContent> contents = response.Messages[0].Contents;
        for (int i = 0; i < contents.Count; i++)
        {
            if (contents[i] is TextContent text)
            {
                chars += text.Text.Length;
            }
        }

        return chars;
    }

    public async Task<int> OpenAICompleteAsync()
    {
        ClientResult<OpenAIChat.ChatCompletion> result = await _openAI.CompleteChatAsync(_data.OpenAIHistory, _data.NewOpenAIOptions(withTools: true));
        int chars = 0;
        OpenAIChat.ChatMessageContent content = result.Value.Content;
        for (int i = 0; i < content.Count; i++)
        {
            chars += content[i].Text.Length;
        }

        return chars;
    }

    public Task<int> RawCompleteAsync() => RawCompleteAsync(w => _data.WriteRawRequest(w, stream: false));

    /// <summary>A raw non-streaming call whose request body <paramref name="writeBody"/> writes (the growth checks' requests).</summary>
    public async Task<int> RawCompleteAsync(Action<Utf8JsonWriter> writeBody)
    {
        using HttpRequestMessage request = RawRequest(writeBody);
        using HttpResponseMessage response = await _rawHttp.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        using Stream body = await response.Content.ReadAsStreamAsync();
        using JsonDocument document = await JsonDocument.ParseAsync(body);
        string? text = document.RootElement.GetProperty("choices"u8)[0].GetProperty("message"u8).GetProperty("content"u8).GetString();
        return text?.Length ?? 0;
    }

    /// <summary>The raw request: written with a reused <see cref="Utf8JsonWriter"/> into a reused buffer.</summary>
    private HttpRequestMessage RawRequest(bool stream) => RawRequest(w => _data.WriteRawRequest(w, stream));

    private HttpRequestMessage RawRequest(Action<Utf8JsonWriter> writeBody)
    {
        _rawBody.ResetWrittenCount();
        _rawWriter.Reset(_rawBody);
        writeBody(_rawWriter);
        _rawWriter.Flush();

        var content = new ReadOnlyMemoryContent(_rawBody.WrittenMemory);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var request = new HttpRequestMessage(HttpMethod.Post, _rawUri) { Content = content };
        request.Headers.Authorization = _rawAuthorization;
        return request;
    }

    public void Dispose()
    {
        _ours.Dispose();
        _oursHttp.Dispose();
        _openAIHttp.Dispose();
        _rawHttp.Dispose();
        _rawWriter.Dispose();
    }

    /// <summary>One raw event: only what the consumer needs, read with <see cref="Utf8JsonReader"/>.</summary>
    private readonly record struct RawDelta(string? Content, string? Reasoning, bool Done);

    /// <summary>Per-stream state of the raw parser: tool-call arguments are copied, unescaped, into per-call buffers.</summary>
    private sealed class RawStreamState
    {
        public ToolArguments? ToolArguments { get; private set; }

        public RawDelta Parse(string eventType, ReadOnlySpan<byte> data)
        {
            if (data.SequenceEqual(DoneMarker))
            {
                return new RawDelta(null, null, Done: true);
            }

            var reader = new Utf8JsonReader(data);
            string? content = null;
            string? reasoning = null;
            int index = 0;
            while (reader.Read())
            {
                if (reader.TokenType != JsonTokenType.PropertyName)
                {
                    continue;
                }

                if (reader.ValueTextEquals("content"u8))
                {
                    reader.Read();
                    content = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                }
                else if (reader.ValueTextEquals("reasoning_content"u8))
                {
                    reader.Read();
                    reasoning = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                }
                else if (reader.ValueTextEquals("index"u8))
                {
                    reader.Read();
                    index = reader.GetInt32();
                }
                else if (reader.ValueTextEquals("arguments"u8))
                {
                    reader.Read();
                    (ToolArguments ??= new ToolArguments()).Append(index, ref reader);
                }
                else if (reader.ValueTextEquals("usage"u8) || reader.ValueTextEquals("impact"u8))
                {
                    reader.Read();
                    reader.Skip();
                }
            }

            return new RawDelta(content is { Length: > 0 } ? content : null, reasoning, Done: false);
        }
    }

    /// <summary>Collects tool-call argument fragments per call index, as a consumer of the SDK or of raw events has to.</summary>
    private sealed class ToolArguments
    {
        private readonly List<ArrayBufferWriter<byte>> _calls = [];

        public void Append(int index, ReadOnlySpan<byte> fragment) => Call(index).Write(fragment);

        public void Append(int index, ref Utf8JsonReader reader)
        {
            ArrayBufferWriter<byte> call = Call(index);
            if (reader.TokenType != JsonTokenType.String)
            {
                return;
            }

            int length = reader.HasValueSequence ? checked((int)reader.ValueSequence.Length) : reader.ValueSpan.Length;
            int written = reader.CopyString(call.GetSpan(length));
            call.Advance(written);
        }

        /// <summary>Parses each call's arguments, as our client does to fill <see cref="FunctionCallContent.Arguments"/>.</summary>
        public void Complete(ref StreamResult result)
        {
            foreach (ArrayBufferWriter<byte> call in _calls)
            {
                if (call.WrittenCount == 0)
                {
                    continue;
                }

                result.ToolCalls++;
                using JsonDocument document = JsonDocument.Parse(call.WrittenMemory);
                foreach (JsonProperty _ in document.RootElement.EnumerateObject())
                {
                    result.ToolArgumentProperties++;
                }
            }
        }

        private ArrayBufferWriter<byte> Call(int index)
        {
            while (_calls.Count <= index)
            {
                _calls.Add(new ArrayBufferWriter<byte>(256));
            }

            return _calls[index];
        }
    }
}
