using System.Net;
using GreenPT.AI.Emulator;
using GreenPT.AI.IntegrationTests.Infrastructure;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace GreenPT.AI.IntegrationTests;

/// <summary><see cref="GreenPTSpeechToTextClient"/> over real loopback sockets against the emulator, with WAVs the tests make.</summary>
public sealed class SpeechToTextTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static GreenPTSpeechToTextClient Create(Harness harness, string? fault = null) =>
        harness.Own(new GreenPTSpeechToTextClient(harness.ClientOptions(), harness.CreateHttpClient(fault), harness.ClientLoggerFactory));

    [Fact]
    public async Task File_ScriptedTranscript_WithWordsAndSpeakers_AndNoImpact()
    {
        await using Harness harness = await Harness.StartAsync();
        GreenPTSpeechToTextClient client = Create(harness);

        SpeechToTextResponse response = await Bounded.Within(client.GetTextAsync(
            new MemoryStream(TestAudio.Wav(1.2, comment: "Offshore wind is growing.")),
            new GreenPTSpeechToTextOptions { ModelId = "green-s-pro", SpeechLanguage = "en", Punctuate = true, Diarize = true }, Ct));

        Assert.Equal("Offshore wind is growing.", response.Text);
        Assert.Equal("green-s-pro", response.ModelId);
        Assert.Equal(TimeSpan.FromSeconds(1.2), response.EndTime);
        Assert.NotNull(response.ResponseId);
        Assert.Equal(["Offshore", "wind", "is", "growing."], response.GetGreenPTWords().Select(w => w.Text));
        Assert.All(response.GetGreenPTWords(), w => Assert.Equal(0, w.Speaker));
        Assert.Null(response.Usage);
        Assert.Null(response.AdditionalProperties); // no impact reported: none invented
        RecordedRequest sent = Assert.Single(harness.Emulator.ListenRequests);
        Assert.Equal("?model=green-s-pro&language=en&diarize=true&punctuate=true", sent.Body);
        Assert.Equal("Token ***", sent.Headers["Authorization"]);
        Assert.Equal("audio/wav", sent.Headers["Content-Type"]);
    }

    [Fact]
    public async Task File_ToneAndSilence_ByTheEmulatorsRule()
    {
        await using Harness harness = await Harness.StartAsync();
        GreenPTSpeechToTextClient client = Create(harness);

        SpeechToTextResponse tone = await Bounded.Within(client.GetTextAsync(new MemoryStream(TestAudio.Wav(1, frequency: 300)), cancellationToken: Ct));
        SpeechToTextResponse silence = await Bounded.Within(client.GetTextAsync(new MemoryStream(TestAudio.Silence(0.5)), cancellationToken: Ct));

        Assert.Equal("a tone of about 300 hertz", tone.Text); // no punctuate: Deepgram-style raw text
        Assert.Equal(string.Empty, silence.Text);
    }

    [Fact]
    public async Task File_Errors_AreGreenPTExceptions_AndTransientOnesRetried()
    {
        await using Harness harness = await Harness.StartAsync();
        GreenPTSpeechToTextClient client = Create(harness);
        harness.Emulator.EnqueueFault(EmulatorFault.Status(503));

        SpeechToTextResponse retried = await Bounded.Within(client.GetTextAsync(new MemoryStream(TestAudio.Wav(0.2, comment: "again")), cancellationToken: Ct));
        Assert.Equal("again", retried.Text);
        Assert.Equal(2, harness.ClientSends);

        GreenPTException unknownModel = await Bounded.ThrowsAsync<GreenPTException>(() =>
            client.GetTextAsync(new MemoryStream(TestAudio.Silence(0.1)), new SpeechToTextOptions { ModelId = "gemma4" }, Ct));
        Assert.Equal(HttpStatusCode.BadRequest, unknownModel.StatusCode);
        Assert.Contains("Unsupported model for speech to text", unknownModel.Message, StringComparison.Ordinal);

        GreenPTException dropped = await Bounded.ThrowsAsync<GreenPTException>(() =>
            Create(harness, "drop-mid-stream").GetTextAsync(new MemoryStream(TestAudio.Silence(0.1)), cancellationToken: Ct));
        Assert.Equal(HttpStatusCode.OK, dropped.StatusCode);
    }

    [Fact]
    public async Task File_AWrongKey_Is401_WithoutTheKey()
    {
        await using Harness harness = await Harness.StartAsync();
        using var client = new GreenPTSpeechToTextClient(harness.ClientOptions(o => o.ApiKey = "sk-wrong-key-123456"), harness.CreateHttpClient());

        GreenPTException ex = await Bounded.ThrowsAsync<GreenPTException>(() => client.GetTextAsync(new MemoryStream(TestAudio.Silence(0.1)), cancellationToken: Ct));

        Assert.Equal(HttpStatusCode.Unauthorized, ex.StatusCode);
        Assert.DoesNotContain("sk-wrong-key-123456", ex.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task File_FromDependencyInjection_TalksToTheEmulator()
    {
        await using Harness harness = await Harness.StartAsync();
        var services = new ServiceCollection();
        services.AddGreenPTSpeechToTextClient(o => { o.ApiKey = Harness.ApiKey; o.Endpoint = harness.Emulator.BaseAddress; });
        await using ServiceProvider provider = services.BuildServiceProvider();

        SpeechToTextResponse response = await Bounded.Within(provider.GetRequiredService<ISpeechToTextClient>()
            .GetTextAsync(new MemoryStream(TestAudio.Wav(0.3, comment: "from di")), cancellationToken: Ct));

        Assert.Equal("from di", response.Text);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ImpactTracking_RecordsEachTranscriptionAsEstimated_NeverAsZero(bool streaming)
    {
        await using Harness harness = await Harness.StartAsync();
        var tracker = new GreenPTImpactTracker("meeting-notes") { DefaultEstimate = new GreenPTImpact { Energy = new(2, "Wh"), Emissions = new(0.1, "gCO2e") } };
        using ISpeechToTextClient client = new SpeechToTextClientBuilder(Create(harness)).UseGreenPTImpactTracking(tracker).Build();
        var audio = new MemoryStream(TestAudio.Wav(0.5, comment: "Tracked words."));

        if (streaming)
        {
            await foreach (SpeechToTextResponseUpdate update in client.GetStreamingTextAsync(audio, cancellationToken: Ct))
            {
                _ = update;
            }
        }
        else
        {
            await Bounded.Within(client.GetTextAsync(audio, cancellationToken: Ct));
        }

        GreenPTImpactTotals total = tracker.Total;
        Assert.Equal(1, total.Calls);
        Assert.Equal(1, total.CallsWithoutImpact);
        Assert.Equal(1, total.EstimatedCalls);
        Assert.Equal(0, total.Impact.EnergyInJoules ?? 0); // nothing measured: the estimate is kept apart
        Assert.Equal(2 * 3600, total.EstimatedImpact.EnergyInJoules!.Value, 6);
    }
}

