using System.Text;
using System.Text.Json;

namespace GreenPT.AI.Tests.Fuzz;

/// <summary>What kind of JSON value a span of a body holds.</summary>
internal enum JsonKind
{
    Object,
    Array,
    String,
    Number,
    Literal,
}

/// <summary>
/// One value (or property name) in a body: where its bytes are, what it is, and the property names on its path (array elements are
/// named after their array, so <c>choices[0].delta</c> has the path <c>choices, delta</c>).
/// </summary>
internal sealed record JsonSpot(int Start, int End, JsonKind Kind, bool IsName, bool IsElement, IReadOnlyList<string> Path)
{
    /// <summary>The property this value belongs to (its own name, for a property name).</summary>
    public string Field => Path.Count == 0 ? "$" : Path[^1];

    public bool Under(string name) => Path.Contains(name);

    public override string ToString() =>
        (IsName ? "name of " : string.Empty) + (Path.Count == 0 ? "$" : string.Join(".", Path)) + (IsElement ? "[]" : string.Empty) + $" at bytes {Start}..{End}";
}

/// <summary>Finds every value and property name of the JSON documents in a body: the body itself, or each <c>data:</c> line of an SSE stream.</summary>
internal static class JsonMap
{
    public static List<JsonSpot> Spots(byte[] body, bool sse)
    {
        var spots = new List<JsonSpot>();
        if (!sse)
        {
            AddDocument(body, 0, body.Length, spots);
            return spots;
        }

        int lineStart = 0;
        for (int i = 0; i <= body.Length; i++)
        {
            if (i < body.Length && body[i] != (byte)'\n')
            {
                continue;
            }

            int end = i > lineStart && body[i - 1] == (byte)'\r' ? i - 1 : i;
            ReadOnlySpan<byte> line = body.AsSpan(lineStart, end - lineStart);
            if (line.StartsWith("data: {"u8))
            {
                AddDocument(body, lineStart + 6, end, spots);
            }

            lineStart = i + 1;
        }

        return spots;
    }

    private static void AddDocument(byte[] body, int start, int end, List<JsonSpot> spots)
    {
        var names = new List<string>(); // the name of each open container that has one (array elements have none)
        var containers = new Stack<(int Start, JsonKind Kind, string[] Path, bool Named, bool IsElement)>();
        string? pendingName = null;
        var reader = new Utf8JsonReader(body.AsSpan(start, end - start));
        try
        {
            while (reader.Read())
            {
                int at = start + (int)reader.TokenStartIndex;
                bool isElement = pendingName is null && containers.Count > 0;
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                        pendingName = Encoding.UTF8.GetString(reader.ValueSpan);
                        spots.Add(new(at, at + reader.ValueSpan.Length + 2, JsonKind.String, IsName: true, IsElement: false, [.. names, pendingName]));
                        break;
                    case JsonTokenType.StartObject or JsonTokenType.StartArray:
                        if (pendingName is not null)
                        {
                            names.Add(pendingName);
                        }

                        containers.Push((at, reader.TokenType == JsonTokenType.StartObject ? JsonKind.Object : JsonKind.Array, [.. names], pendingName is not null, isElement));
                        pendingName = null;
                        break;
                    case JsonTokenType.EndObject or JsonTokenType.EndArray:
                        (int open, JsonKind kind, string[] ownPath, bool named, bool element) = containers.Pop();
                        spots.Add(new(open, at + 1, kind, IsName: false, element, ownPath));
                        if (named)
                        {
                            names.RemoveAt(names.Count - 1);
                        }

                        break;
                    default:
                        int length = reader.TokenType == JsonTokenType.String ? reader.ValueSpan.Length + 2 : reader.ValueSpan.Length;
                        JsonKind valueKind = reader.TokenType switch
                        {
                            JsonTokenType.String => JsonKind.String,
                            JsonTokenType.Number => JsonKind.Number,
                            _ => JsonKind.Literal,
                        };
                        spots.Add(new(at, at + length, valueKind, IsName: false, isElement, pendingName is null ? [.. names] : [.. names, pendingName]));
                        pendingName = null;
                        break;
                }
            }
        }
        catch (JsonException)
        {
            // Not JSON (an HTML page): no spots.
        }
    }
}
