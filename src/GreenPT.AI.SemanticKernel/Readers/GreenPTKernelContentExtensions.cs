using System.Text;
using System.Text.Json;
using GreenPT.AI.SemanticKernel;
using GreenPT.AI.SemanticKernel.ChatCompletion;
using Microsoft.Extensions.AI;
using Microsoft.SemanticKernel;

namespace GreenPT.AI;

/// <summary>
/// Reads GreenPT's impact and the model's reasoning from Semantic Kernel's result types: <see cref="FunctionResult"/>,
/// <see cref="ChatMessageContent"/> and <see cref="StreamingChatMessageContent"/>.
/// </summary>
/// <remarks>
/// A function-calling loop makes several GreenPT calls, of which Semantic Kernel's metadata keeps only the last call's
/// <c>impact</c>; the <c>GetTotalGreenPTImpact</c> readers give the whole loop's, from the response or its summed usage.
/// The readers work best with <c>AddGreenPTChatCompletion</c>, whose chat completion service keeps the reasoning and the whole
/// response; with a plain <see cref="IChatClient"/> registration they read what Semantic Kernel kept.
/// </remarks>
public static class GreenPTKernelContentExtensions
{
    /// <summary>The impact of the last GreenPT call behind a prompt function's result; <see langword="null"/> when none was reported.</summary>
    /// <param name="result">The result of <c>kernel.InvokePromptAsync</c> or of a prompt function.</param>
    public static GreenPTImpact? GetGreenPTImpact(this FunctionResult result)
    {
        Throw.IfNull(result);
        return result.Metadata.GetGreenPTImpact() ?? result.GetValue<object>() switch
        {
            ChatResponse response => response.GetGreenPTImpact(),
            ChatMessageContent message => message.GetGreenPTImpact(),
            _ => null,
        };
    }

    /// <summary>
    /// The impact of every GreenPT call behind a prompt function's result: with automatic function calling, the whole loop;
    /// <see langword="null"/> when none was reported.
    /// </summary>
    /// <param name="result">The result of <c>kernel.InvokePromptAsync</c> or of a prompt function.</param>
    public static GreenPTImpact? GetTotalGreenPTImpact(this FunctionResult result)
    {
        Throw.IfNull(result);
        return result.GetValue<object>() switch
        {
            ChatResponse response => response.GetTotalGreenPTImpact(),
            ChatMessageContent message => message.GetTotalGreenPTImpact(),
            _ => result.Metadata.GetTotalGreenPTImpact(),
        };
    }

    /// <summary>The impact of the GreenPT call that produced this message; <see langword="null"/> when none was reported.</summary>
    /// <param name="message">A message from a GreenPT chat completion service or chat client.</param>
    public static GreenPTImpact? GetGreenPTImpact(this ChatMessageContent message) => Throw.IfNull(message).Metadata.GetGreenPTImpact();

    /// <summary>
    /// The impact of every GreenPT call behind this message (a whole function-calling loop), from the response it came with or its
    /// summed usage; <see langword="null"/> when none was reported.
    /// </summary>
    /// <param name="message">A message from a GreenPT chat completion service or chat client.</param>
    public static GreenPTImpact? GetTotalGreenPTImpact(this ChatMessageContent message)
    {
        Throw.IfNull(message);
        return message.InnerContent is ChatResponse response ? response.GetTotalGreenPTImpact() : message.Metadata.GetTotalGreenPTImpact();
    }

    /// <summary>
    /// The impact summed into the usage in a metadata dictionary (Semantic Kernel's <c>"Usage"</c> entry, whatever its form), else the
    /// <c>impact</c> entry; <see langword="null"/> when it has neither.
    /// </summary>
    /// <param name="metadata">A <c>Metadata</c> dictionary of Semantic Kernel's content or results; may be <see langword="null"/>.</param>
    public static GreenPTImpact? GetTotalGreenPTImpact(this IReadOnlyDictionary<string, object?>? metadata)
    {
        if (metadata is null)
        {
            return null;
        }

        GreenPTImpact? last = metadata.GetGreenPTImpact();
        if (metadata.TryGetValue(KernelContentMapper.UsageKey, out object? usage) && UsageOf(usage).GetGreenPTImpact() is { } total)
        {
            return new GreenPTImpact { InferenceTime = total.InferenceTime, Energy = total.Energy, Emissions = total.Emissions, Version = last?.Version };
        }

        return last;
    }

    /// <summary>The impact carried by a streaming chunk (the last chunk of each GreenPT call has it); otherwise <see langword="null"/>.</summary>
    /// <param name="chunk">A streaming chunk.</param>
    public static GreenPTImpact? GetGreenPTImpact(this StreamingChatMessageContent chunk) => Throw.IfNull(chunk).Metadata.GetGreenPTImpact();

    /// <summary>
    /// The impact of every GreenPT call behind a stream of chunks (a whole streamed function-calling loop), from the usage its chunks
    /// carry; <see langword="null"/> when none was reported.
    /// </summary>
    /// <param name="chunks">Every chunk of a stream, for example collected while printing them.</param>
    public static GreenPTImpact? GetTotalGreenPTImpact(this IEnumerable<StreamingChatMessageContent> chunks)
    {
        Throw.IfNull(chunks);
        UsageDetails? sum = null;
        string? version = null;
        foreach (StreamingChatMessageContent chunk in chunks)
        {
            version = chunk.Metadata.GetGreenPTImpact()?.Version ?? version;
            if (chunk.Metadata is { } metadata && metadata.TryGetValue(KernelContentMapper.UsageKey, out object? usage) && UsageOf(usage) is { } details)
            {
                (sum ??= new UsageDetails()).Add(details);
            }
        }

        return sum.GetGreenPTImpact() is { } total
            ? new GreenPTImpact { InferenceTime = total.InferenceTime, Energy = total.Energy, Emissions = total.Emissions, Version = version }
            : null;
    }

    /// <summary>The model's reasoning behind a prompt function's result, or <see langword="null"/> when it did not reason (or it was not kept).</summary>
    /// <param name="result">The result of <c>kernel.InvokePromptAsync</c> or of a prompt function.</param>
    public static string? GetGreenPTReasoning(this FunctionResult result) => Throw.IfNull(result).GetValue<object>() switch
    {
        ChatResponse response => ReasoningOf(response.Messages.Count > 0 ? response.Messages[^1].Contents : []),
        ChatMessageContent message => message.GetGreenPTReasoning(),
        _ => null,
    };

    /// <summary>The model's reasoning in a message (its <see cref="ReasoningContent"/> items, or the reasoning of the response it came with).</summary>
    /// <param name="message">A message from a GreenPT chat completion service or chat client.</param>
    public static string? GetGreenPTReasoning(this ChatMessageContent message)
    {
        Throw.IfNull(message);
        StringBuilder? text = null;
        foreach (KernelContent item in message.Items)
        {
            if (item is ReasoningContent { Text.Length: > 0 } reasoning)
            {
                (text ??= new StringBuilder()).Append(reasoning.Text);
            }
        }

        return text?.ToString() ?? message.InnerContent switch
        {
            ChatResponse response => ReasoningOf(response.Messages.Count > 0 ? response.Messages[^1].Contents : []),
            ChatMessage chatMessage => ReasoningOf(chatMessage.Contents),
            _ => null,
        };
    }

    /// <summary>The reasoning a streaming chunk carries, or <see langword="null"/>.</summary>
    /// <param name="chunk">A streaming chunk.</param>
    public static string? GetGreenPTReasoning(this StreamingChatMessageContent chunk)
    {
        Throw.IfNull(chunk);
        StringBuilder? text = null;
        foreach (StreamingKernelContent item in chunk.Items)
        {
            if (item is StreamingReasoningContent { Text.Length: > 0 } reasoning)
            {
                (text ??= new StringBuilder()).Append(reasoning.Text);
            }
        }

        return text?.ToString() ?? (chunk.InnerContent is ChatResponseUpdate update ? ReasoningOf(update.Contents) : null);
    }

    private static string? ReasoningOf(IEnumerable<AIContent> contents)
    {
        StringBuilder? text = null;
        foreach (AIContent content in contents)
        {
            if (content is TextReasoningContent { Text.Length: > 0 } reasoning)
            {
                (text ??= new StringBuilder()).Append(reasoning.Text);
            }
        }

        return text?.ToString();
    }
    private static UsageDetails? UsageOf(object? usage) => usage switch
    {
        UsageDetails details => details,
        UsageContent content => content.Details,
        JsonElement { ValueKind: JsonValueKind.Object } json => DeserializeUsage(json),
        _ => null,
    };

    private static UsageDetails? DeserializeUsage(JsonElement json)
    {
        try
        {
            return (UsageDetails?)json.Deserialize(AIJsonUtilities.DefaultOptions.GetTypeInfo(typeof(UsageDetails)));
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
