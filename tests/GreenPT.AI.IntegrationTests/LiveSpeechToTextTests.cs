using GreenPT.AI.Emulator;
using GreenPT.AI.IntegrationTests.Infrastructure;
using Microsoft.Extensions.AI;

namespace GreenPT.AI.IntegrationTests;

/// <summary>
/// <see cref="GreenPTSpeechToTextClient.GetStreamingTextAsync"/> over the live websocket protocol against the emulator on loopback:
/// the session opening, interim and final results as updates, the session closing, and failures.
/// </summary>
public sealed class LiveSpeechToTextTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<List<SpeechToTextResponseUpdate>> StreamAsync(GreenPTSpeechToTextClient client, byte[] audio, SpeechToTextOptions? options = null)
    {
        var updates = new List<SpeechToTextResponseUpdate>();
        await foreach (SpeechToTextResponseUpdate update in client.GetStreamingTextAsync(new MemoryStream(audio), options, Ct))
        {
            updates.Add(update);
        }

        return updates;
    }

    [Fact]
    public async Task Live_InterimThenFinalResults_BetweenOpenAndClose()
    {
        await using Harness harness = await Harness.StartAsync();
        GreenPTSpeechToTextClient client = harness.Own(new GreenPTSpeechToTextClient(harness.ClientOptions(), harness.CreateHttpClient()));
        byte[] audio = TestAudio.Wav(3, comment: "Wind turbines make electricity."); // about 96 KB: several binary frames

        List<SpeechToTextResponseUpdate> updates = await Bounded.Within(StreamAsync(client, audio, new GreenPTSpeechToTextOptions { Punctuate = true }));

        Assert.Equal(SpeechToTextResponseUpdateKind.SessionOpen, updates[0].Kind);
        Assert.Equal(SpeechToTextResponseUpdateKind.SessionClose, updates[^1].Kind);
        Assert.Equal(
            ["Wind", "Wind turbines", "Wind turbines make"],
            updates.Where(u => u.Kind == SpeechToTextResponseUpdateKind.TextUpdating).Select(u => u.Text));
        SpeechToTextResponseUpdate final = Assert.Single(updates, u => u.Kind == SpeechToTextResponseUpdateKind.TextUpdated);
        Assert.Equal("Wind turbines make electricity.", final.Text);
        Assert.Equal(TimeSpan.FromSeconds(3), final.EndTime);
        Assert.Equal("green-s", final.ModelId);
        Assert.NotNull(updates[^1].ResponseId); // the request id from the closing Metadata message
        Assert.All(updates, u => Assert.Null(u.AdditionalProperties)); // no impact on audio

        RecordedRequest sent = Assert.Single(harness.Emulator.ListenRequests);
        Assert.Equal("?model=green-s&punctuate=true&interim_results=true", sent.Body);
        Assert.Equal("Token ***", sent.Headers["Authorization"]);
    }

    [Fact]
    public async Task Live_Silence_OpensAndClosesWithoutText()
    {
        await using Harness harness = await Harness.StartAsync();
        GreenPTSpeechToTextClient client = harness.Own(new GreenPTSpeechToTextClient(harness.ClientOptions(), harness.CreateHttpClient()));

        List<SpeechToTextResponseUpdate> updates = await Bounded.Within(StreamAsync(client, TestAudio.Silence(0.5)));

        Assert.Equal([SpeechToTextResponseUpdateKind.SessionOpen, SpeechToTextResponseUpdateKind.SessionClose], updates.Select(u => u.Kind));
    }

    [Fact]
    public async Task Live_AudioTheServerCannotRead_FailsWithItsMessage()
    {
        await using Harness harness = await Harness.StartAsync();
        GreenPTSpeechToTextClient client = harness.Own(new GreenPTSpeechToTextClient(harness.ClientOptions(), harness.CreateHttpClient()));

        GreenPTException ex = await Bounded.ThrowsAsync<GreenPTException>(() =>
            StreamAsync(client, [1, 2, 3, 4], new GreenPTSpeechToTextOptions { Encoding = "mulaw", SpeechSampleRate = 8000 }));

        Assert.Contains("1008 Unsupported encoding: 'mulaw'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Live_AStatusFault_OrAWrongKey_FailsTheHandshakeWithTheStatus()
    {
        await using Harness harness = await Harness.StartAsync();
        GreenPTSpeechToTextClient faulted = harness.Own(new GreenPTSpeechToTextClient(harness.ClientOptions(), harness.CreateHttpClient()));
        harness.Emulator.EnqueueFault(EmulatorFault.Status(503));
        using var wrongKey = new GreenPTSpeechToTextClient(harness.ClientOptions(o => o.ApiKey = "sk-wrong-live-key-42"));

        GreenPTException unavailable = await Bounded.ThrowsAsync<GreenPTException>(() => StreamAsync(faulted, TestAudio.Silence(0.1)));
        GreenPTException unauthorized = await Bounded.ThrowsAsync<GreenPTException>(() => StreamAsync(wrongKey, TestAudio.Silence(0.1)));

        Assert.Equal(System.Net.HttpStatusCode.ServiceUnavailable, unavailable.StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, unauthorized.StatusCode);
        Assert.DoesNotContain("sk-wrong-live-key-42", unauthorized.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Live_BadAudio_IsRefusedBeforeConnecting()
    {
        await using Harness harness = await Harness.StartAsync();
        GreenPTSpeechToTextClient client = harness.Own(new GreenPTSpeechToTextClient(harness.ClientOptions(), harness.CreateHttpClient()));

        await Assert.ThrowsAsync<ArgumentException>("audioSpeechStream", () => StreamAsync(client, "not audio"u8.ToArray()));
        await Assert.ThrowsAsync<ArgumentException>("audioSpeechStream", () => StreamAsync(client, []));
        Assert.Equal(0, harness.Emulator.RequestCount);
    }
}
