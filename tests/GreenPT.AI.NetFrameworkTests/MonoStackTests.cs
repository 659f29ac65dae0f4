namespace GreenPT.AI.NetFrameworkTests;

/// <summary>
/// The netstandard2.0 build, used by a net472 app under Mono, on Mono's two HTTP stacks: its default handler (a port of
/// SocketsHttpHandler) and its HttpWebRequest-based handler (the architecture of .NET Framework's HttpClientHandler, whose
/// response streams ignore a read's token), each as a caller's HttpClient, and the client's own HttpClient. One test per check.
/// </summary>
public sealed class MonoStackTests(MonoRuns runs) : IClassFixture<MonoRuns>
{
    private static readonly string[] Everywhere = ["NonStreaming_Answer", "Streaming_FirstUpdateBeforeTheEnd", "ConcurrentStreams_NotThrottled"];

    private static readonly string[] WithFaults =
    [
        "ToolCall_NonStreaming", "ToolCall_Streaming", "Embeddings_Vectors", "Models_Catalog",
        "Error_NonStreaming", "Error_Streaming", "Error_EventInsideStream",
        "ResponseTimeout_HeadersStall", "ResponseTimeout_ChatBodyStall", "ResponseTimeout_EmbeddingsBodyStall", "ResponseTimeout_ModelsBodyStall",
        "StreamIdleTimeout_StreamStall",
        "Cancellation_HeadersStall", "Cancellation_ChatBodyStall", "Cancellation_StreamStall",
        "Drop_MidStream", "Drop_MidBody", "Unreachable_RetriedThenGreenPTException",
        "ResponseTimeout_ErrorBodyStall", "Cancellation_ErrorBodyStall",
    ];

    /// <summary>What each stack runs: the client's own HttpClient cannot send the emulator's fault header.</summary>
    private static string[] ChecksOf(string stack) => stack == "own" ? Everywhere : [.. Everywhere, .. WithFaults];

    public static TheoryData<string, string> StackChecks()
    {
        var data = new TheoryData<string, string>();
        foreach (string stack in (string[])["sockets", "webrequest", "own"])
        {
            foreach (string check in ChecksOf(stack))
            {
                data.Add(stack, check);
            }
        }

        return data;
    }

    [Theory]
    [InlineData("sockets", "System.Net.Http.SocketsHttpHandler")]
    [InlineData("webrequest", "System.Net.Http.MonoWebRequestHandler")]
    [InlineData("own", "System.Net.Http.SocketsHttpHandler")]
    public async Task CheckApp_RanEveryCheckOnTheNamedHandler_UnderMono(string stack, string handlerType)
    {
        MonoRun run = await runs.RunAsync(stack);
        TestContext.Current.TestOutputHelper?.WriteLine(run.Transcript);
        if (Environment.GetEnvironmentVariable("GREENPT_TEST_ARTIFACTS") is { Length: > 0 } artifacts)
        {
            Directory.CreateDirectory(artifacts);
            await File.WriteAllTextAsync(Path.Combine(artifacts, $"mono-{stack}.txt"), run.Transcript, TestContext.Current.CancellationToken);
        }

        Assert.True(run.Ended, $"The check app did not finish its run on {stack}.\n{run.Transcript}");
        Assert.Contains($" {handlerType} on Mono ", run.StackLine, StringComparison.Ordinal);
        Assert.Equal(ChecksOf(stack).Order(StringComparer.Ordinal), run.Checks.Keys.Order(StringComparer.Ordinal));
        Assert.DoesNotContain(MonoRuns.ApiKey, run.Transcript, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(StackChecks))]
    public async Task Check_Passes_UnderMono(string stack, string check)
    {
        MonoRun run = await runs.RunAsync(stack);

        Assert.True(run.Checks.TryGetValue(check, out string? line), $"The check app did not report {check} on {stack}.\n{run.Transcript}");
        Assert.True(line.StartsWith("PASS ", StringComparison.Ordinal), $"{run.StackLine}: {line}");
    }
}
