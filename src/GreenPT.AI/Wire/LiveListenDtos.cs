using System.Text.Json.Serialization;

namespace GreenPT.AI.Wire;

/// <summary>
/// A message of the live <c>wss://…/v1/listen</c> protocol (Deepgram's, [DOC-dev] S8): <c>{"type":"Results","is_final","start","duration",
/// "channel":{"alternatives":[{"transcript"}]}}</c> for interim and final text, <c>{"type":"Metadata","request_id","duration"}</c> at the end,
/// and an error message (<c>{"type":"Error","description"}</c>, read with <c>message</c> too, since GreenPT documents none).
/// </summary>
internal sealed class LiveListenMessage
{
    [JsonPropertyName("type")][JsonConverter(typeof(WireStringConverter))] public string? Type { get; set; }
    [JsonPropertyName("is_final")] public bool? IsFinal { get; set; }
    [JsonPropertyName("start")][JsonConverter(typeof(WireDoubleConverter))] public double? Start { get; set; }
    [JsonPropertyName("duration")][JsonConverter(typeof(WireDoubleConverter))] public double? Duration { get; set; }
    [JsonPropertyName("channel")][JsonConverter(typeof(WireListenChannelConverter))] public ListenChannel? Channel { get; set; }
    [JsonPropertyName("request_id")][JsonConverter(typeof(WireStringConverter))] public string? RequestId { get; set; }
    [JsonPropertyName("description")][JsonConverter(typeof(WireMessageConverter))] public string? Description { get; set; }
    [JsonPropertyName("message")][JsonConverter(typeof(WireMessageConverter))] public string? Message { get; set; }
}

internal sealed class WireListenChannelConverter : WireOptionalObjectConverter<ListenChannel>
{
    protected override System.Text.Json.Serialization.Metadata.JsonTypeInfo<ListenChannel> TypeInfo => GreenPTJsonContext.Default.ListenChannel;
}
