using System.Text;
using GreenPT.AI.Mapping;
using GreenPT.AI.Wire;
using Microsoft.Extensions.AI;

namespace GreenPT.AI.Tests.Mapping;

/// <summary><see cref="ListenMapper"/>: audio formats, the query string, option checks and the Deepgram-shaped answer, without HTTP.</summary>
public sealed class ListenMapperTests
{
    [Theory]
    [InlineData("RIFF\0\0\0\0WAVEfmt ", "audio/wav")]
    [InlineData("ID3\u0004", "audio/mpeg")]
    [InlineData("fLaC", "audio/flac")]
    [InlineData("OggS", "audio/ogg")]
    [InlineData("\0\0\0\u0018ftypM4A ", "audio/mp4")]
    [InlineData("#!AMR\n", "audio/amr")]
    [InlineData("RIFF\0\0\0\0AVI ", null)]
    [InlineData("hello world", null)]
    [InlineData("", null)]
    public void DetectFormat_ByTheFirstBytes(string head, string? mediaType)
    {
        Assert.Equal(mediaType, ListenMapper.DetectFormat(Encoding.Latin1.GetBytes(head)));
    }

    [Fact]
    public void DetectFormat_Mp3FrameSync_AndWebM()
    {
        Assert.Equal("audio/mpeg", ListenMapper.DetectFormat([0xFF, 0xFB, 0x90, 0x00]));
        Assert.Equal("audio/webm", ListenMapper.DetectFormat([0x1A, 0x45, 0xDF, 0xA3, 0x01]));
        Assert.Null(ListenMapper.DetectFormat([0xFF, 0x1B]));
        Assert.Equal("audio/wav", ListenMapper.DetectFormat(TestAudio.Silence(0.01)));
    }

    [Fact]
    public void ToQuery_ModelFirst_EveryOption_AndAdditionalPropertiesVerbatim()
    {
        var options = new GreenPTSpeechToTextOptions
        {
            ModelId = "green-s-pro",
            SpeechLanguage = "nl",
            SpeechSampleRate = 16000,
            Diarize = true,
            Punctuate = false,
            SmartFormat = true,
            Encoding = "linear16",
            Channels = 2,
            AdditionalProperties = new() { ["utterances"] = true, ["keywords"] = "wind:2", ["punctuate"] = "true" },
        };

        Assert.Equal(
            "model=green-s-pro&language=nl&sample_rate=16000&diarize=true&punctuate=true&smart_format=true&encoding=linear16&channels=2&utterances=true&keywords=wind%3A2",
            ListenMapper.ToQuery(options, "green-s"));
        Assert.Equal("model=green-s", ListenMapper.ToQuery(null, "green-s"));
        Assert.Equal("model=green-s&language=en&interim_results=true", ListenMapper.ToQuery(new SpeechToTextOptions { SpeechLanguage = "en" }, "green-s", ("interim_results", "true")));
    }

    [Fact]
    public void Validate_RefusesWhatNoRequestCouldDo()
    {
        Assert.Contains("ModelId", Assert.Throws<ArgumentException>("options", () => ListenMapper.Validate(new SpeechToTextOptions { ModelId = " " })).Message, StringComparison.Ordinal);
        Assert.Contains("SpeechLanguage", Assert.Throws<ArgumentException>("options", () => ListenMapper.Validate(new SpeechToTextOptions { SpeechLanguage = "" })).Message, StringComparison.Ordinal);
        Assert.Contains("translation", Assert.Throws<ArgumentException>("options", () => ListenMapper.Validate(new SpeechToTextOptions { SpeechLanguage = "nl", TextLanguage = "en" })).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>("options", () => ListenMapper.Validate(new SpeechToTextOptions { SpeechSampleRate = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>("options", () => ListenMapper.Validate(new GreenPTSpeechToTextOptions { Channels = 0 }));
        Assert.Contains("Encoding", Assert.Throws<ArgumentException>("options", () => ListenMapper.Validate(new GreenPTSpeechToTextOptions { Encoding = " " })).Message, StringComparison.Ordinal);
        Assert.Contains("AdditionalProperties['x']", Assert.Throws<ArgumentException>("options", () =>
            ListenMapper.Validate(new SpeechToTextOptions { AdditionalProperties = new() { ["x"] = new object() } })).Message, StringComparison.Ordinal);

        ListenMapper.Validate(new SpeechToTextOptions { SpeechLanguage = "nl", TextLanguage = "NL" }); // the same language is no translation
        ListenMapper.Validate(null);
    }

    [Fact]
    public void Options_CloneKeepsTheGreenPTOptions()
    {
        var options = new GreenPTSpeechToTextOptions { ModelId = "green-s-pro", Diarize = true, Punctuate = true, SmartFormat = false, Encoding = "linear16", Channels = 1 };
        var clone = Assert.IsType<GreenPTSpeechToTextOptions>(options.Clone());
        Assert.Equal(("green-s-pro", true, true, false, "linear16", 1), (clone.ModelId, clone.Diarize, clone.Punctuate, clone.SmartFormat, clone.Encoding, clone.Channels));
    }

    private static ListenResponse Answer(params string?[] transcripts) => new()
    {
        Metadata = new ListenMetadata { RequestId = "dg-1", Duration = 2.5 },
        Results = new ListenResults
        {
            Channels = [.. transcripts.Select(t => new ListenChannel { Alternatives = t is null ? [] : [new ListenAlternative { Transcript = t }] })],
        },
    };

    [Fact]
    public void FromResponse_TheTranscriptSpanAndId_NoUsageAndNoImpact()
    {
        SpeechToTextResponse response = ListenMapper.FromResponse(Answer("hello there", "second channel"), "green-s");

        Assert.Equal("hello there\nsecond channel", response.Text);
        Assert.Equal("dg-1", response.ResponseId);
        Assert.Equal("green-s", response.ModelId);
        Assert.Equal(TimeSpan.Zero, response.StartTime);
        Assert.Equal(TimeSpan.FromSeconds(2.5), response.EndTime);
        Assert.Null(response.Usage);
        Assert.Null(response.AdditionalProperties);
    }

    [Fact]
    public void FromResponse_WithoutATranscript_Throws()
    {
        Assert.Equal("GreenPT returned a speech-to-text answer without results.channels.", Assert.Throws<GreenPTException>(() => ListenMapper.FromResponse(new ListenResponse(), "m")).Message);
        Assert.Contains("without a transcript", Assert.Throws<GreenPTException>(() => ListenMapper.FromResponse(Answer((string?)null), "m")).Message, StringComparison.Ordinal);
        Assert.Equal(string.Empty, ListenMapper.FromResponse(new ListenResponse { Results = new ListenResults { Channels = [] } }, "m").Text);
    }

    [Fact]
    public void Words_PreferThePunctuatedWord_AndSkipEmptyOnes()
    {
        List<GreenPTSpokenWord> words = ListenMapper.Words([new ListenAlternative
        {
            Words = [new() { Word = "hello", PunctuatedWord = "Hello,", Start = 0.1, End = 0.5, Confidence = 0.9, Speaker = 1 }, new() { Word = "" }, new() { Word = "there", Start = -1 }],
        }]);

        Assert.Equal(["Hello,", "there"], words.Select(w => w.Text));
        Assert.Equal(TimeSpan.FromSeconds(0.1), words[0].Start);
        Assert.Equal(1, words[0].Speaker);
        Assert.Null(words[1].Start); // a negative time is unusable
        Assert.Empty(ListenMapper.Words(null));
    }

    [Fact]
    public void FromLiveMessage_InterimFinalMetadataAndError()
    {
        string? requestId = null;
        LiveListenMessage Results(string? text, bool? final) => new()
        {
            Type = "Results", IsFinal = final, Start = 1, Duration = 0.5,
            Channel = new ListenChannel { Alternatives = [new ListenAlternative { Transcript = text }] },
        };

        SpeechToTextResponseUpdate interim = ListenMapper.FromLiveMessage(Results("wind", false), "green-s", ref requestId)!;
        Assert.Equal((SpeechToTextResponseUpdateKind.TextUpdating, "wind"), (interim.Kind, interim.Text));
        Assert.Equal((TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1.5)), (interim.StartTime!.Value, interim.EndTime!.Value));
        Assert.Equal(SpeechToTextResponseUpdateKind.TextUpdating, ListenMapper.FromLiveMessage(Results("wind", null), "green-s", ref requestId)!.Kind);
        Assert.Null(ListenMapper.FromLiveMessage(Results("", true), "green-s", ref requestId));
        Assert.Null(ListenMapper.FromLiveMessage(new LiveListenMessage { Type = "Metadata", RequestId = "r-9" }, "green-s", ref requestId));
        Assert.Equal("r-9", requestId);
        SpeechToTextResponseUpdate final = ListenMapper.FromLiveMessage(Results("wind power", true), "green-s", ref requestId)!;
        Assert.Equal((SpeechToTextResponseUpdateKind.TextUpdated, "r-9", "green-s"), (final.Kind, final.ResponseId, final.ModelId));
        Assert.Null(ListenMapper.FromLiveMessage(new LiveListenMessage { Type = "SpeechStarted" }, "green-s", ref requestId));
        Assert.Equal(
            "GreenPT reported an error on the live transcription: bad audio",
            Assert.Throws<GreenPTException>(() => ListenMapper.FromLiveMessage(new LiveListenMessage { Type = "Error", Description = "bad audio" }, "m", ref requestId)).Message);
    }
}
