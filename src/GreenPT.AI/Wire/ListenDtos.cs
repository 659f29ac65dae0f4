using System.Text.Json.Serialization;

namespace GreenPT.AI.Wire;

/// <summary>
/// The answer of <c>POST /v1/listen</c>, Deepgram's pre-recorded shape ([DOC-dev] S7; [3P-OBS] S24, S25):
/// <c>{"metadata":{"request_id","duration",...},"results":{"channels":[{"alternatives":[{"transcript","confidence","words"}]}]}}</c>.
/// GreenPT sends no <c>impact</c> on this endpoint ([3P-OBS] S16).
/// </summary>
internal sealed class ListenResponse : IWireAnswer
{
    [JsonPropertyName("metadata")][JsonConverter(typeof(WireListenMetadataConverter))] public ListenMetadata? Metadata { get; set; }
    [JsonPropertyName("results")][JsonConverter(typeof(WireListenResultsConverter))] public ListenResults? Results { get; set; }
    [JsonPropertyName("error")][JsonConverter(typeof(WireErrorConverter))] public ErrorDetail? Error { get; set; }
    [JsonPropertyName("requestId")][JsonConverter(typeof(WireStringConverter))] public string? RequestId { get; set; }
}

internal sealed class ListenMetadata
{
    [JsonPropertyName("request_id")][JsonConverter(typeof(WireStringConverter))] public string? RequestId { get; set; }

    /// <summary>The audio's length in seconds.</summary>
    [JsonPropertyName("duration")][JsonConverter(typeof(WireDoubleConverter))] public double? Duration { get; set; }
}

internal sealed class ListenResults
{
    [JsonPropertyName("channels")][JsonConverter(typeof(WireListenChannelsConverter))] public List<ListenChannel>? Channels { get; set; }
}

internal sealed class ListenChannel
{
    [JsonPropertyName("alternatives")][JsonConverter(typeof(WireListenAlternativesConverter))] public List<ListenAlternative>? Alternatives { get; set; }
}

internal sealed class ListenAlternative
{
    [JsonPropertyName("transcript")][JsonConverter(typeof(WireTranscriptConverter))] public string? Transcript { get; set; }
    [JsonPropertyName("confidence")][JsonConverter(typeof(WireDoubleConverter))] public double? Confidence { get; set; }
    [JsonPropertyName("words")][JsonConverter(typeof(WireListenWordsConverter))] public List<ListenWord>? Words { get; set; }
}

internal sealed class ListenWord
{
    [JsonPropertyName("word")][JsonConverter(typeof(WireStringConverter))] public string? Word { get; set; }
    [JsonPropertyName("punctuated_word")][JsonConverter(typeof(WireStringConverter))] public string? PunctuatedWord { get; set; }
    [JsonPropertyName("start")][JsonConverter(typeof(WireDoubleConverter))] public double? Start { get; set; }
    [JsonPropertyName("end")][JsonConverter(typeof(WireDoubleConverter))] public double? End { get; set; }
    [JsonPropertyName("confidence")][JsonConverter(typeof(WireDoubleConverter))] public double? Confidence { get; set; }
    [JsonPropertyName("speaker")][JsonConverter(typeof(WireInt32Converter))] public int? Speaker { get; set; }
}

internal sealed class WireTranscriptConverter : WireTextConverter
{
    protected override string Field => "transcript";
}

internal sealed class WireListenMetadataConverter : WireOptionalObjectConverter<ListenMetadata>
{
    protected override System.Text.Json.Serialization.Metadata.JsonTypeInfo<ListenMetadata> TypeInfo => GreenPTJsonContext.Default.ListenMetadata;
}

internal sealed class WireListenResultsConverter : WireAnswerObjectConverter<ListenResults>
{
    protected override string Field => "results";

    protected override System.Text.Json.Serialization.Metadata.JsonTypeInfo<ListenResults> TypeInfo => GreenPTJsonContext.Default.ListenResults;
}

internal sealed class WireListenChannelsConverter : WireListConverter<ListenChannel>
{
    protected override string Field => "channels";

    protected override System.Text.Json.Serialization.Metadata.JsonTypeInfo<ListenChannel> TypeInfo => GreenPTJsonContext.Default.ListenChannel;
}

internal sealed class WireListenAlternativesConverter : WireListConverter<ListenAlternative>
{
    protected override string Field => "alternatives";

    protected override System.Text.Json.Serialization.Metadata.JsonTypeInfo<ListenAlternative> TypeInfo => GreenPTJsonContext.Default.ListenAlternative;
}

/// <summary>Words only add detail: an entry that is not an object is skipped.</summary>
internal sealed class WireListenWordsConverter : WireListConverter<ListenWord>
{
    protected override string Field => "words";

    protected override bool ElementsOptional => true;

    protected override System.Text.Json.Serialization.Metadata.JsonTypeInfo<ListenWord> TypeInfo => GreenPTJsonContext.Default.ListenWord;
}
