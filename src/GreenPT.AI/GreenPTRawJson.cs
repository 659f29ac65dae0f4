using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;

namespace GreenPT.AI;

/// <summary>
/// The JSON GreenPT sent, byte for byte: the whole body of a non-streaming answer, or one event of a stream. It is the
/// <c>RawRepresentation</c> of every <see cref="Microsoft.Extensions.AI.ChatResponse"/>, <see cref="Microsoft.Extensions.AI.ChatMessage"/>,
/// <see cref="Microsoft.Extensions.AI.ChatResponseUpdate"/> and content the chat client creates, so that any field the client does not
/// map (a new field of GreenPT's, a backend's extra) is still readable.
/// </summary>
/// <example><c>if (response.GetGreenPTRawJson()?.TryGetProperty("system_fingerprint", out JsonElement fingerprint) == true) { ... }</c></example>
/// <remarks>
/// The bytes are kept as they came; <see cref="Root"/> parses them on first use (and keeps the result), so a caller who never
/// reads it pays only for the copy. The server's bytes may be anything the client tolerated: <see cref="Root"/> throws a
/// <see cref="JsonException"/> for what <see cref="JsonDocument"/> cannot read (nesting deeper than 256, say), and
/// <see cref="TryGetProperty"/> answers <see langword="false"/> instead.
/// </remarks>
public sealed class GreenPTRawJson
{
    private static readonly JsonDocumentOptions ParseOptions = new() { MaxDepth = 256, AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip };

    // The bytes; for a stream event read by its shape, made from the pieces below on first use.
    private byte[]? _utf8Json;

    // A stream event the parser read by its shape: the bytes the events of that shape share, and the one string that varies,
    // either as its JSON token's bytes or, for a string without escapes and of valid UTF-8, as the string (which encodes back to them).
    private readonly byte[]? _prefix;
    private readonly string? _varyingText;
    private readonly byte[]? _varyingToken;
    private readonly byte[]? _suffix;

    // Published once, without a lock object per instance (a stream makes one instance per event): two threads that race to the
    // first read both parse, and one result wins.
    private StrongBox<JsonElement>? _root;

    /// <summary>Keeps a copy of <paramref name="utf8Json"/>.</summary>
    /// <param name="utf8Json">The bytes the server sent.</param>
    public GreenPTRawJson(ReadOnlySpan<byte> utf8Json) => _utf8Json = utf8Json.ToArray();

    /// <summary>Takes <paramref name="utf8Json"/> without copying it: the caller gives it up.</summary>
    internal GreenPTRawJson(byte[] utf8Json, bool owned) => _utf8Json = owned ? utf8Json : (byte[])utf8Json.Clone();

    /// <summary>
    /// The event <paramref name="prefix"/>, the JSON string of <paramref name="varyingText"/> (quoted, unescaped) and
    /// <paramref name="suffix"/>, byte for byte, joined only when read: the arrays are shared with the other events of the shape.
    /// </summary>
    internal GreenPTRawJson(byte[] prefix, string varyingText, byte[] suffix)
    {
        _prefix = prefix;
        _varyingText = varyingText;
        _suffix = suffix;
    }

    /// <summary>The event <paramref name="prefix"/>, <paramref name="varyingToken"/> (a JSON string token, quotes included) and <paramref name="suffix"/>.</summary>
    internal GreenPTRawJson(byte[] prefix, ReadOnlySpan<byte> varyingToken, byte[] suffix)
    {
        _prefix = prefix;
        _varyingToken = varyingToken.ToArray();
        _suffix = suffix;
    }

    /// <summary>The bytes, as the server sent them (UTF-8 JSON, or what the server sent in its place).</summary>
    public ReadOnlyMemory<byte> Utf8Json => Bytes();

    /// <summary>The parsed JSON; parsed on first use, and kept (without pooled buffers: nothing to dispose).</summary>
    /// <exception cref="JsonException">The bytes are not JSON that <see cref="JsonDocument"/> can read.</exception>
    public JsonElement Root
    {
        get
        {
            StrongBox<JsonElement>? root = Volatile.Read(ref _root);
            if (root is null)
            {
                using JsonDocument document = JsonDocument.Parse(Bytes(), ParseOptions);
                root = new StrongBox<JsonElement>(document.RootElement.Clone());
                root = Interlocked.CompareExchange(ref _root, root, null) ?? root;
            }

            return root.Value;
        }
    }

    /// <summary>A top-level property of the JSON object, when it is one and has it.</summary>
    /// <param name="name">The property name, for example <c>system_fingerprint</c>.</param>
    /// <param name="value">Its value, when found.</param>
    /// <returns><see langword="false"/> when the JSON is not an object, lacks the property, or cannot be read.</returns>
    public bool TryGetProperty(string name, out JsonElement value)
    {
        Throw.IfNull(name);
        try
        {
            if (Root is { ValueKind: JsonValueKind.Object } root && root.TryGetProperty(name, out value))
            {
                return true;
            }
        }
        catch (JsonException)
        {
        }

        value = default;
        return false;
    }

    /// <summary>The JSON as text (invalid UTF-8 shown as U+FFFD).</summary>
    public override string ToString() => Encoding.UTF8.GetString(Bytes());

    private byte[] Bytes()
    {
        byte[]? bytes = Volatile.Read(ref _utf8Json);
        if (bytes is null)
        {
            bytes = _varyingToken is { } token ? Join(_prefix!, token, _suffix!) : Join(_prefix!, _varyingText!, _suffix!);
            bytes = Interlocked.CompareExchange(ref _utf8Json, bytes, null) ?? bytes;
        }

        return bytes;
    }

    private static byte[] Join(byte[] prefix, byte[] token, byte[] suffix)
    {
        byte[] bytes = new byte[prefix.Length + token.Length + suffix.Length];
        prefix.CopyTo(bytes, 0);
        token.CopyTo(bytes, prefix.Length);
        suffix.CopyTo(bytes, prefix.Length + token.Length);
        return bytes;
    }

    private static byte[] Join(byte[] prefix, string text, byte[] suffix)
    {
        int textLength = Encoding.UTF8.GetByteCount(text);
        byte[] bytes = new byte[prefix.Length + textLength + 2 + suffix.Length];
        prefix.CopyTo(bytes, 0);
        int at = prefix.Length;
        bytes[at++] = (byte)'"';
        at += Encoding.UTF8.GetBytes(text, 0, text.Length, bytes, at);
        bytes[at++] = (byte)'"';
        suffix.CopyTo(bytes, at);
        return bytes;
    }
}

/// <summary>Reads the <see cref="GreenPTRawJson"/> GreenPT's chat client put on its responses, messages, updates and contents.</summary>
public static class GreenPTRawJsonExtensions
{
    /// <summary>The whole body GreenPT sent for this response, or <see langword="null"/> when the response did not come from <see cref="GreenPTChatClient"/> as it is (a cache restores none).</summary>
    /// <param name="response">The response.</param>
    public static GreenPTRawJson? GetGreenPTRawJson(this Microsoft.Extensions.AI.ChatResponse response) => Throw.IfNull(response).RawRepresentation as GreenPTRawJson;

    /// <summary>
    /// The stream event this update was made from; on the final update (usage and impact), the event its usage and impact came from.
    /// <see langword="null"/> for an update made otherwise (tool calls assembled at the end of a stream that reported no usage).
    /// </summary>
    /// <param name="update">The streaming update.</param>
    public static GreenPTRawJson? GetGreenPTRawJson(this Microsoft.Extensions.AI.ChatResponseUpdate update) => Throw.IfNull(update).RawRepresentation as GreenPTRawJson;

    /// <summary>The body this message was made from, or <see langword="null"/>.</summary>
    /// <param name="message">The message.</param>
    public static GreenPTRawJson? GetGreenPTRawJson(this Microsoft.Extensions.AI.ChatMessage message) => Throw.IfNull(message).RawRepresentation as GreenPTRawJson;
}
