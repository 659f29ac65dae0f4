using System.Net;
using System.Net.Http.Headers;
using static GreenPT.AI.Emulator.Tests.TestSupport;

namespace GreenPT.AI.Emulator.Tests;

/// <summary><c>POST /v1/listen</c>: Token auth, the documented transcription rule over WAVs the tests make, Deepgram's answer shape, faults.</summary>
public sealed class ListenTests
{
    private static HttpClient TokenClient(GreenPTEmulator emulator)
    {
        var client = Client(emulator, key: null);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Token", Key);
        return client;
    }

    private static async Task<(HttpResponseMessage Response, JsonNode Json)> ListenAsync(HttpClient client, byte[] audio, string query = "", string? fault = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "listen" + query) { Content = new ByteArrayContent(audio) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("audio/wav");
        if (fault is not null)
        {
            request.Headers.Add(EmulatorFault.HeaderName, fault);
        }

        var (response, body) = await SendAsync(client, request);
        return (response, JsonNode.Parse(body)!);
    }

    private static JsonNode Alternative(JsonNode json) => json["results"]!["channels"]![0]!["alternatives"]![0]!;

    [Fact]
    public async Task Listen_a_tone_is_described_and_silence_is_empty()
    {
        await using var emulator = await StartAsync();
        using var client = TokenClient(emulator);

        var (response, tone) = await ListenAsync(client, TestAudio.Wav(1.5, frequency: 440), "?punctuate=true");
        var (_, silence) = await ListenAsync(client, TestAudio.Silence(0.5));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["metadata", "results"], tone.AsObject().Select(p => p.Key));
        Assert.Equal("A tone of about 440 hertz.", Alternative(tone)["transcript"]!.GetValue<string>());
        Assert.Equal(1.5, tone["metadata"]!["duration"]!.GetValue<double>());
        Assert.Equal("green-s", tone["metadata"]!["models"]![0]!.GetValue<string>());
        Assert.Equal(Header(response, "x-request-id"), tone["metadata"]!["request_id"]!.GetValue<string>());
        Assert.Equal(string.Empty, Alternative(silence)["transcript"]!.GetValue<string>());
        Assert.Empty(Alternative(silence)["words"]!.AsArray());
        Assert.Null(tone["impact"]);
        Assert.Equal(["?punctuate=true", ""], emulator.ListenRequests.Select(r => r.Body));
    }

    [Fact]
    public async Task Listen_the_transcript_in_the_wav_comment_with_words_spread_over_the_audio()
    {
        await using var emulator = await StartAsync();
        using var client = TokenClient(emulator);
        byte[] wav = TestAudio.Wav(2, comment: "Hello, GreenPT world!");

        var (_, plain) = await ListenAsync(client, wav);
        var (_, formatted) = await ListenAsync(client, wav, "?model=green-s-pro&smart_format=true&diarize=true");

        Assert.Equal("hello greenpt world", Alternative(plain)["transcript"]!.GetValue<string>());
        Assert.Equal("Hello, GreenPT world!", Alternative(formatted)["transcript"]!.GetValue<string>());
        var words = Alternative(formatted)["words"]!.AsArray();
        Assert.Equal(["Hello,", "GreenPT", "world!"], words.Select(w => w!["punctuated_word"]!.GetValue<string>()));
        Assert.Equal(["hello", "greenpt", "world"], words.Select(w => w!["word"]!.GetValue<string>()));
        Assert.Equal([0.0, 0.667, 1.333], words.Select(w => w!["start"]!.GetValue<double>()));
        Assert.Equal(2.0, words[2]!["end"]!.GetValue<double>());
        Assert.All(words, w => Assert.Equal(0, w!["speaker"]!.GetValue<int>()));
        Assert.Null(Alternative(plain)["words"]![0]!["speaker"]);
        Assert.Equal("green-s-pro", formatted["metadata"]!["models"]![0]!.GetValue<string>());
    }

    [Fact]
    public async Task Listen_raw_linear16_with_a_sample_rate()
    {
        await using var emulator = await StartAsync();
        using var client = TokenClient(emulator);
        byte[] wav = TestAudio.Wav(1, frequency: 1000, sampleRate: 8000);

        var (response, json) = await ListenAsync(client, wav[44..], "?encoding=linear16&sample_rate=8000&punctuate=true");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("A tone of about 1000 hertz.", Alternative(json)["transcript"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("", "?model=gemma4", "model")]
    [InlineData("", "?punctuate=yes", "punctuate")]
    [InlineData("", "?encoding=mulaw&sample_rate=8000", "encoding")]
    [InlineData("", "?encoding=linear16", "sample_rate")]
    [InlineData("mp3", "", null)]
    [InlineData("empty", "", null)]
    public async Task Listen_refuses_what_it_cannot_hear(string audio, string query, string? param)
    {
        await using var emulator = await StartAsync();
        using var client = TokenClient(emulator);
        byte[] body = audio switch { "mp3" => [0x49, 0x44, 0x33, 4, 0, 0, 0, 0], "empty" => [], _ => TestAudio.Silence(0.1) };

        var (response, json) = await ListenAsync(client, body, query);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        AssertGreenPTError(json, 400, "invalid_request_error", param);
    }

    [Fact]
    public async Task Listen_takes_the_token_scheme_only()
    {
        await using var emulator = await StartAsync(new GreenPTEmulatorOptions { ApiKey = Key });
        using var bearer = Client(emulator);

        var (response, json) = await ListenAsync(bearer, TestAudio.Silence(0.1));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Invalid Authorization header. Send the API key as 'Authorization: Token <key>'.", json["error"]!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Listen_takes_status_faults_and_refuses_answer_corruptions()
    {
        await using var emulator = await StartAsync();
        using var client = TokenClient(emulator);

        var (status, _) = await ListenAsync(client, TestAudio.Silence(0.1), fault: "status=429");
        Assert.Equal((HttpStatusCode)429, status.StatusCode);
        var (noTarget, error) = await ListenAsync(client, TestAudio.Silence(0.1), fault: "corrupt=impact-string");
        Assert.Equal(HttpStatusCode.BadRequest, noTarget.StatusCode);
        Assert.Contains("it does not apply to listen answers", error["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }
}
