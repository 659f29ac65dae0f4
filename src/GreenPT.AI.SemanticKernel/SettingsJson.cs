using System.Text.Json;

namespace GreenPT.AI.SemanticKernel;

/// <summary>The JSON options execution settings are read and written with: Semantic Kernel's (web defaults, reflection-based).</summary>
internal static class SettingsJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web);
}
