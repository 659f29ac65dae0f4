using System.Buffers;
using System.Text.Json;

namespace GreenPT.AI.Emulator.Internal.Planning.Models;

/// <summary>The models list: <c>{"object":"list","data":[{"id","object":"model","created","owned_by":"greenpt"}]}</c>, built once.</summary>
internal static class ModelsBody
{
    public static ReadOnlyMemory<byte> Value { get; } = Build();

    private static byte[] Build()
    {
        var buffer = new ArrayBufferWriter<byte>(2048);
        using (var w = new Utf8JsonWriter(buffer, JsonDefaults.WriterOptions))
        {
            w.WriteStartObject();
            w.WriteString("object", "list");
            w.WriteStartArray("data");
            foreach (var model in ModelCatalog.Models)
            {
                w.WriteStartObject();
                w.WriteString("id", model.Id);
                w.WriteString("object", "model");
                w.WriteNumber("created", ModelCatalog.Created);
                w.WriteString("owned_by", "greenpt");
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
