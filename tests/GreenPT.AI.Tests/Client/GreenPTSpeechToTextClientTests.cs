using System.Net;
using GreenPT.AI.Tests.Infrastructure;
using Microsoft.Extensions.AI;

namespace GreenPT.AI.Tests.Client;

/// <summary>
/// Golden wire tests of <see cref="GreenPTSpeechToTextClient"/>: <c>POST /v1/listen</c> with the audio as the body and the options as
/// query parameters, <c>Authorization: Token</c> ([DOC-dev] S7; [3P-OBS] S24, S25 in /work/shared/greenpt-api.md), and Deepgram's answer
/// <c>results.channels[0].alternatives[0].transcript</c> without impact ([3P-OBS] S16).
/// </summary>
public sealed class GreenPTSpeechToTextClientTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private const string Answer = """
        {"metadata":{"request_id":"3f1c","duration":1.25,"channels":1},
         "results":{"channels":[{"alternatives":[{"transcript":"Hello, world.","confidence":0.98,
           "words":[{"word":"hello","punctuated_word":"Hello,","start":0.08,"end":0.4,"confidence":0.99,"speaker":0},
                    {"word":"world","punctuated_word":"world.","start":0.5,"end":1.1,"confidence":0.97,"speaker":1}]}]}]}}
        """;

    private static GreenPTSpeechToTextClient Create(ScriptedHandler handler) =>
        new(new GreenPTClientOptions { ApiKey = TestClients.ApiKey, Endpoint = TestClients.Endpoint, MaxRetries = 0 }, new HttpClient(handler));

    [Fact]
    public async Task File_GoldenRequest_TokenAuth_AudioBody_OptionsAsQuery()
    {
        var handler = new ScriptedHandler(ScriptedHandler.Json(Answer));
        using GreenPTSpeechToTextClient client = Create(handler);
        byte[] wav = TestAudio.Wav(0.1);

        await client.GetTextAsync(new MemoryStream(wav), new GreenPTSpeechToTextOptions { SpeechLanguage = "nl", Diarize = true, Punctuate = true, SmartFormat = true }, Ct);

        RecordedRequest request = Assert.Single(handler.Requests);
        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal("https://api.greenpt.test/v1/listen?model=green-s&language=nl&diarize=true&punctuate=true&smart_format=true", request.Uri!.AbsoluteUri);
        Assert.Equal("Token", request.Headers.Authorization!.Scheme);
        Assert.Equal(TestClients.ApiKey, request.Headers.Authorization.Parameter);
        Assert.Equal("audio/wav", request.ContentType);
        Assert.Equal(wav, request.BodyBytes);
    }

    [Fact]
    public async Task File_Response_TextSpanIdWords_AndNoImpact()
    {
        using GreenPTSpeechToTextClient client = Create(new ScriptedHandler(ScriptedHandler.Json(Answer)));

        SpeechToTextResponse response = await client.GetTextAsync(new MemoryStream(TestAudio.Wav(0.1)), new SpeechToTextOptions { ModelId = "green-s-pro" }, Ct);

        Assert.Equal("Hello, world.", response.Text);
        Assert.Equal("3f1c", response.ResponseId);
        Assert.Equal("green-s-pro", response.ModelId);
        Assert.Equal(TimeSpan.FromSeconds(1.25), response.EndTime);
        Assert.Equal(["Hello,", "world."], response.GetGreenPTWords().Select(w => w.Text));
        Assert.Equal([0, 1], response.GetGreenPTWords().Select(w => w.Speaker));
        Assert.Null(response.Usage);             // no impact: none in the usage counts ...
        Assert.Null(response.AdditionalProperties); // ... and no impact property
        Assert.Empty(new SpeechToTextResponse("cached").GetGreenPTWords());
    }

    [Fact]
    public async Task RawAudio_WithAnEncoding_IsSentAsOctetStream()
    {
        var handler = new ScriptedHandler(ScriptedHandler.Json(Answer));
        using GreenPTSpeechToTextClient client = Create(handler);

        await client.GetTextAsync(new MemoryStream([1, 2, 3, 4]), new GreenPTSpeechToTextOptions { Encoding = "linear16", SpeechSampleRate = 8000 }, Ct);

        Assert.Equal("application/octet-stream", handler.Requests[0].ContentType);
        Assert.EndsWith("?model=green-s&sample_rate=8000&encoding=linear16", handler.Requests[0].Uri!.AbsoluteUri, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BadAudio_IsRefusedBeforeSending()
    {
        var handler = new ScriptedHandler();
        using GreenPTSpeechToTextClient client = Create(handler);

        await Assert.ThrowsAsync<ArgumentNullException>("audioSpeechStream", () => client.GetTextAsync(null!, cancellationToken: Ct));
        var empty = await Assert.ThrowsAsync<ArgumentException>("audioSpeechStream", () => client.GetTextAsync(new MemoryStream(), cancellationToken: Ct));
        Assert.StartsWith("The audio is empty.", empty.Message, StringComparison.Ordinal);
        var unknown = await Assert.ThrowsAsync<ArgumentException>("audioSpeechStream", () => client.GetTextAsync(new MemoryStream("plain text"u8.ToArray()), cancellationToken: Ct));
        Assert.StartsWith("Unsupported audio format", unknown.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<ArgumentException>("options", () => client.GetTextAsync(new MemoryStream(TestAudio.Wav(0.1)), new SpeechToTextOptions { TextLanguage = "fr" }, Ct));
        Assert.Empty(handler.Requests);
    }

    [Fact]
    public async Task ServerError_HasItsMessageStatusAndRequestId_NeverTheKey()
    {
        using GreenPTSpeechToTextClient client = Create(new ScriptedHandler(ScriptedHandler.Json(
            """{"error":{"code":400,"message":"Unsupported model for speech to text","type":"invalid_request_error","param":"model"},"requestId":"req_l"}""", HttpStatusCode.BadRequest)));

        var ex = await Assert.ThrowsAsync<GreenPTException>(() => client.GetTextAsync(new MemoryStream(TestAudio.Wav(0.1)), cancellationToken: Ct));

        Assert.Equal(HttpStatusCode.BadRequest, ex.StatusCode);
        Assert.Equal("req_l", ex.RequestId);
        Assert.Contains("Unsupported model for speech to text", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(TestClients.ApiKey, ex.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"results":[]}""", "results")]
    [InlineData("""{"metadata":{},"results":{"channels":[{"alternatives":[{"transcript":{}}]}]}}""", "transcript")]
    [InlineData("""{"metadata":{"request_id":"x"}}""", "without results.channels")]
    public async Task UnusableAnswer_IsAGreenPTException(string body, string named)
    {
        using GreenPTSpeechToTextClient client = Create(new ScriptedHandler(ScriptedHandler.Json(body, HttpStatusCode.OK, ("x-request-id", "req_x"))));

        var ex = await Assert.ThrowsAsync<GreenPTException>(() => client.GetTextAsync(new MemoryStream(TestAudio.Wav(0.1)), cancellationToken: Ct));

        Assert.Contains(named, ex.Message, StringComparison.Ordinal);
        Assert.Equal("req_x", ex.RequestId);
    }

    [Fact]
    public void Metadata_Services_AndToString()
    {
        using var client = new GreenPTSpeechToTextClient(TestClients.ApiKey);
        SpeechToTextClientMetadata metadata = client.GetService<SpeechToTextClientMetadata>()!;
        Assert.Equal("greenpt", metadata.ProviderName);
        Assert.Equal("green-s", metadata.DefaultModelId);
        Assert.Same(client, client.GetService<ISpeechToTextClient>());
        Assert.Null(client.GetService<GreenPTClientOptions>()!.ApiKey);
        Assert.Equal("GreenPTSpeechToTextClient { Endpoint = https://api.greenpt.ai/v1/, DefaultModelId = green-s }", client.ToString());
    }
}
