using System.Text.Encodings.Web;
using System.Text.Json;

namespace GreenPT.AI.Emulator.Internal;

internal static class JsonDefaults
{
    /// <summary>
    /// Minimal escaping (quotes as <c>\"</c>, non-ASCII text as is), like typical API servers; these bodies are never embedded in HTML.
    /// </summary>
    public static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
