using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace GreenPT.AI;

/// <summary>
/// Binds <see cref="GreenPTClientOptions.ModelCapabilities"/> from a configuration section
/// (<c>ModelCapabilities:&lt;model id&gt;:&lt;property&gt;</c>): the configuration binder cannot set the capabilities' init-only
/// properties, so each entry is built here, and a value that cannot be read fails with its configuration path.
/// </summary>
internal static class ModelCapabilitiesBinding
{
    public static void Bind(GreenPTClientOptions options, IConfiguration configuration)
    {
        IConfigurationSection section = configuration.GetSection(nameof(GreenPTClientOptions.ModelCapabilities));
        foreach (IConfigurationSection model in section.GetChildren())
        {
            List<string>? efforts = model.GetSection(nameof(GreenPTModelCapabilities.ReasoningEffortValues)).GetChildren()
                .Select(value => value.Value ?? string.Empty).ToList() is { Count: > 0 } listed ? listed : null;
            options.ModelCapabilities[model.Key] = new GreenPTModelCapabilities
            {
                Kind = Kind(model, nameof(GreenPTModelCapabilities.Kind)) ?? GreenPTModelKind.Chat,
                Reasoning = Boolean(model, nameof(GreenPTModelCapabilities.Reasoning)),
                ReasoningEffortValues = efforts,
                TakesReasoningBack = Boolean(model, nameof(GreenPTModelCapabilities.TakesReasoningBack)),
                Vision = Boolean(model, nameof(GreenPTModelCapabilities.Vision)),
                ToolCalling = Boolean(model, nameof(GreenPTModelCapabilities.ToolCalling)),
                IgnoresSystemMessages = Boolean(model, nameof(GreenPTModelCapabilities.IgnoresSystemMessages)),
                ContextTokens = Integer(model, nameof(GreenPTModelCapabilities.ContextTokens)),
                MaxOutputTokens = Integer(model, nameof(GreenPTModelCapabilities.MaxOutputTokens)),
                MinEmbeddingDimensions = Integer(model, nameof(GreenPTModelCapabilities.MinEmbeddingDimensions)),
                MaxEmbeddingDimensions = Integer(model, nameof(GreenPTModelCapabilities.MaxEmbeddingDimensions)),
                Source = model[nameof(GreenPTModelCapabilities.Source)] ?? "configuration",
            };
        }
    }

    private static bool? Boolean(IConfigurationSection model, string key) =>
        Read<bool>(model, key, static text => bool.TryParse(text, out bool value) ? value : null, "true or false");

    private static int? Integer(IConfigurationSection model, string key) =>
        Read<int>(model, key, static text => int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value) && value > 0 ? value : null, "a positive whole number");

    private static GreenPTModelKind? Kind(IConfigurationSection model, string key) =>
        Read<GreenPTModelKind>(
            model,
            key,
            static text => Enum.TryParse(text, ignoreCase: true, out GreenPTModelKind kind) && kind is >= GreenPTModelKind.Chat and <= GreenPTModelKind.Ocr && !char.IsDigit(text[0]) ? kind : null,
            "Chat, Embedding, Rerank, SpeechToText or Ocr");

    private static T? Read<T>(IConfigurationSection model, string key, Func<string, T?> parse, string expected)
        where T : struct
    {
        string? text = model[key];
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        return parse(text!.Trim()) ?? throw new InvalidOperationException($"Configuration value '{model.Path}:{key}' must be {expected}; it was '{text}'.");
    }
}
