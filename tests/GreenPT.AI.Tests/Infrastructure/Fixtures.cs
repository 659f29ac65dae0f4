namespace GreenPT.AI.Tests.Infrastructure;

/// <summary>The golden wire bodies in <c>tests/GreenPT.AI.Tests/Fixtures</c> that ship beside the tests.</summary>
internal static class Fixtures
{
    public static string Read(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", name));

    /// <summary>Every stream fixture: the three golden GreenPT/OpenAI streams and this project's reasoning and tool-call stream.</summary>
    public static IEnumerable<string> StreamNames => ["greenpt-stream-basic.sse", "openai-stream-basic.sse", "minimal-stream.sse", "equivalent-stream.sse"];
}
