using System.Text.Json;
using System.Text.Json.Nodes;

namespace GreenPT.AI.Tests.Infrastructure;

/// <summary>Compares JSON as parsed values: property order and white space do not matter, everything else does.</summary>
internal static class JsonAssert
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static void Equal(string expected, string actual)
    {
        JsonNode? e = JsonNode.Parse(expected);
        JsonNode? a = JsonNode.Parse(actual);
        if (!JsonNode.DeepEquals(e, a))
        {
            Assert.Fail($"JSON differs.\nExpected:\n{e?.ToJsonString(Indented)}\nActual:\n{a?.ToJsonString(Indented)}");
        }
    }
}
