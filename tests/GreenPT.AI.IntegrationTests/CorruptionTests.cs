using GreenPT.AI.Emulator;
using GreenPT.AI.IntegrationTests.Infrastructure;
using Microsoft.Extensions.AI;

namespace GreenPT.AI.IntegrationTests;

/// <summary>
/// Every malformed-output class of the emulator's fault catalogue (<c>corrupt=</c>), over loopback, streaming and not: the client
/// returns the answer with what it could not use dropped, or one <see cref="GreenPTException"/> that says what was wrong, with the
/// status and request id.
/// </summary>
public sealed class CorruptionTests
{
    private const string Prompt = "Hello";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string Text => Answers.Content(Prompt);

    private static AIFunction WeatherTool() => AIFunctionFactory.Create((string city) => $"Sunny in {city}", "get_weather", "Gets the weather in a city.");

    public static TheoryData<EmulatorCorruption, bool> AnswerClasses()
    {
        var data = new TheoryData<EmulatorCorruption, bool>();
        foreach (EmulatorCorruption corruption in Enum.GetValues<EmulatorCorruption>())
        {
            if (corruption is not EmulatorCorruption.None && !corruption.ToString().StartsWith("Error", StringComparison.Ordinal))
            {
                data.Add(corruption, false);
                data.Add(corruption, true);
            }
        }

        return data;
    }

    [Theory, MemberData(nameof(AnswerClasses))]
    public async Task AnswerClass_IsSurvived_ByTheRule(EmulatorCorruption corruption, bool streaming)
    {
        await using Harness harness = await Harness.StartAsync();
        GreenPTChatClient client = harness.CreateClient();
        bool tools = corruption is EmulatorCorruption.InvalidUtf8InToolArguments or EmulatorCorruption.NullToolCall;
        var options = new ChatOptions { ModelId = "green-l", Tools = tools ? [WeatherTool()] : null };
        harness.Emulator.EnqueueFault(EmulatorFault.Corrupt(corruption));

        (ChatResponse? response, GreenPTException? error) = await CallAsync(client, options, streaming);

        if (corruption == EmulatorCorruption.ChoicesObject)
        {
            // The choices hold the answer: an object there cannot be read without losing it.
            Assert.NotNull(error);
            Assert.Contains("'choices' must be an array, not an object", error.Message, StringComparison.Ordinal);
            Assert.NotNull(error.RequestId);
            return;
        }

        Assert.True(error is null, $"{corruption}: {error}");
        switch (corruption)
        {
            case EmulatorCorruption.InvalidUtf8InContent:
                Assert.Equal("\uFFFD(" + Text, response!.Text);
                break;
            case EmulatorCorruption.LoneSurrogateInContent:
                Assert.Equal("\uFFFD" + Text, response!.Text);
                break;
            case EmulatorCorruption.InvalidUtf8InToolArguments:
                FunctionCallContent call = Assert.Single(response!.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>());
                Assert.Equal("get_weather", call.Name);
                Assert.NotNull(call.Exception); // the arguments do not parse: MEAI's way of saying so
                break;
            case EmulatorCorruption.NullToolCall:
                // The emulator sends one call; [null] in its place (non-streaming) or in its first fragment (streaming) holds nothing.
                Assert.True(streaming || !response!.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>().Any());
                break;
            case EmulatorCorruption.NullChoice or EmulatorCorruption.NullDelta:
                // Not streaming, the only choice (or message) is null: there is no answer text. Streaming, the first token is.
                Assert.Equal(streaming ? Text[Text.IndexOf(' ', StringComparison.Ordinal)..] : string.Empty, response!.Text);
                break;
            case EmulatorCorruption.CreatedInMilliseconds:
                Assert.Equal(Text, response!.Text);
                Assert.Equal(streaming, response.CreatedAt is not null); // streaming: the first chunk whose created is usable
                Assert.True(response.CreatedAt is null || response.CreatedAt.Value.Year > 2000);
                break;
            case EmulatorCorruption.TokenCountExponent or EmulatorCorruption.TokenCountOverflow:
                Assert.Equal(Text, response!.Text);
                Assert.Null(response.Usage!.InputTokenCount);
                Assert.Null(response.Usage.OutputTokenCount);
                Assert.NotNull(response.GetGreenPTImpact()!.Emissions);
                break;
            case EmulatorCorruption.EnergyOverflow or EmulatorCorruption.EnergyAsString:
                Assert.Equal(Text, response!.Text);
                Assert.Null(response.GetGreenPTImpact()!.Energy);
                Assert.NotNull(response.GetGreenPTImpact()!.Emissions);
                Assert.False(response.Usage!.AdditionalCounts!.ContainsKey(GreenPTUsageCounts.EnergyMicrojoules));
                break;
            case EmulatorCorruption.UsageArray:
                Assert.Equal(Text, response!.Text);
                Assert.Null(response.Usage!.InputTokenCount);
                Assert.NotNull(response.GetGreenPTImpact());
                break;
            case EmulatorCorruption.ImpactString:
                Assert.Equal(Text, response!.Text);
                Assert.Null(response.GetGreenPTImpact());
                Assert.NotNull(response.Usage!.InputTokenCount);
                break;
            case EmulatorCorruption.EmptyFinishReason:
                Assert.Equal(Text, response!.Text);
                Assert.Null(response.FinishReason);
                break;
            case EmulatorCorruption.BlankRole:
                Assert.Equal(Text, response!.Text);
                Assert.Equal(ChatRole.Assistant, response.Messages[^1].Role);
                break;
            default: // the name of a property, or the id, that the client does not need
                Assert.Equal(Text, response!.Text);
                break;
        }
    }

    public static TheoryData<EmulatorCorruption, bool> ErrorClasses()
    {
        var data = new TheoryData<EmulatorCorruption, bool>();
        foreach (EmulatorCorruption corruption in Enum.GetValues<EmulatorCorruption>())
        {
            if (corruption.ToString().StartsWith("Error", StringComparison.Ordinal))
            {
                data.Add(corruption, false);
                data.Add(corruption, true);
            }
        }

        return data;
    }

    [Theory, MemberData(nameof(ErrorClasses))]
    public async Task ErrorClass_InAnErrorStatusBody_StillReportsTheStatusAndRequestId(EmulatorCorruption corruption, bool streaming)
    {
        await using Harness harness = await Harness.StartAsync();
        GreenPTChatClient client = harness.CreateClient(o => o.MaxRetries = 0);
        harness.Emulator.EnqueueFault(EmulatorFault.Status(503) with { Corruption = corruption, RequestId = "req_corrupt" });

        (_, GreenPTException? error) = await CallAsync(client, null, streaming);

        Assert.NotNull(error);
        Assert.Equal(System.Net.HttpStatusCode.ServiceUnavailable, error.StatusCode);
        Assert.Equal("req_corrupt", error.RequestId);
        Assert.True(error.IsTransient);
        AssertErrorFields(corruption, error);
    }

    [Theory, MemberData(nameof(ErrorClasses))]
    public async Task ErrorClass_InAnErrorAfterA200_StillFailsWithTheReportedStatus(EmulatorCorruption corruption, bool streaming)
    {
        await using Harness harness = await Harness.StartAsync();
        GreenPTChatClient client = harness.CreateClient();
        harness.Emulator.EnqueueFault(new EmulatorFault { Kind = EmulatorFaultKind.ErrorEvent, Corruption = corruption, RequestId = "req_corrupt" });

        (_, GreenPTException? error) = await CallAsync(client, null, streaming);

        Assert.NotNull(error);
        Assert.Equal(streaming ? null : System.Net.HttpStatusCode.OK, error.StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.InternalServerError, error.ReportedStatusCode); // from "code": 500, or "type": "server_error"
        Assert.True(error.IsTransient);
        Assert.Equal("req_corrupt", error.RequestId);
        AssertErrorFields(corruption, error);
    }

    private static void AssertErrorFields(EmulatorCorruption corruption, GreenPTException error)
    {
        switch (corruption)
        {
            case EmulatorCorruption.ErrorMessageWrongType:
                Assert.Contains("{\"text\":", error.Message, StringComparison.Ordinal);
                break;
            case EmulatorCorruption.ErrorMessageInvalidUtf8 or EmulatorCorruption.ErrorMessageLoneSurrogate:
                Assert.Contains("\uFFFD", error.Message, StringComparison.Ordinal);
                break;
            case EmulatorCorruption.ErrorCodeWrongType:
                Assert.Null(error.ErrorCode);
                break;
            case EmulatorCorruption.ErrorCodeInvalidUtf8 or EmulatorCorruption.ErrorCodeLoneSurrogate:
                Assert.StartsWith("\uFFFD", error.ErrorCode, StringComparison.Ordinal);
                break;
            case EmulatorCorruption.ErrorParamWrongType:
                Assert.Null(error.Param);
                break;
            case EmulatorCorruption.ErrorParamInvalidUtf8 or EmulatorCorruption.ErrorParamLoneSurrogate:
                Assert.StartsWith("\uFFFD", error.Param, StringComparison.Ordinal);
                break;
        }

        Assert.NotNull(error.ErrorType);
    }

    private static async Task<(ChatResponse? Response, GreenPTException? Error)> CallAsync(IChatClient client, ChatOptions? options, bool streaming)
    {
        try
        {
            ChatResponse response = streaming
                ? (await Bounded.StreamAsync(client.GetStreamingResponseAsync(Prompt, options, Ct))).ToChatResponse()
                : await Bounded.Within(client.GetResponseAsync(Prompt, options, Ct));
            return (response, null);
        }
        catch (GreenPTException ex)
        {
            Secrets.AssertClean(ex);
            return (null, ex);
        }
    }
}
