using System.Globalization;
using System.Text;
using System.Text.Json;
using GreenPT.AI.Wire;

namespace GreenPT.AI.Tests.Wire;

/// <summary><see cref="WireFigures"/> reads <c>usage</c> and <c>impact</c> exactly as their source-generated contracts do.</summary>
public sealed class WireFiguresTests
{
    [Theory]
    [InlineData("""{"prompt_tokens":10,"completion_tokens":22,"total_tokens":32}""")]
    [InlineData("""{"prompt_tokens":"10","completion_tokens":2.9,"total_tokens":1e30,"cached_tokens":-1,"extra":{"a":[1,{"b":2}]}}""")]
    [InlineData("""{"prompt_tokens":null,"completion_tokens":true,"total_tokens":[1],"cached_tokens":{"x":1}}""")]
    [InlineData("""{"prompt_tokens":1,"prompt_tokens":2,"prompt_tokens_details":{"cached_tokens":3,"audio_tokens":1},"completion_tokens_details":{"reasoning_tokens":"4","x":null}}""")]
    [InlineData("""{"prompt_tokens_details":[1],"completion_tokens_details":7}""")]
    [InlineData("""{"prompt_tokens_details":null,"completion_tokens_details":{"reasoning_tokens":{"n":1},"reasoning_tokens":5}}""")]
    [InlineData("""{"\u0070rompt_tokens":5,"Prompt_Tokens":6}""")]
    [InlineData("""{}""")]
    [InlineData("""[{"prompt_tokens":1}]""")]
    [InlineData("""42""")]
    [InlineData("""null""")]
    [InlineData("\"usage\"")]
    public void Usage_IsReadAsItsContractReadsIt(string json)
    {
        Assert.Equal(Describe(ViaContract(json, GreenPTJsonContext.Default.ResponseUsage)), Describe(ViaFigures(json, WireFigures.ReadUsage)));
    }

    [Theory]
    [InlineData("""{"inferenceTime":{"total":1380,"unit":"ms"},"energy":{"total":526,"unit":"Wms"},"emissions":{"total":47,"unit":"ugCO2e"},"version":"20250922"}""")]
    [InlineData("""{"energy":{"total":"5.5","unit":7},"emissions":{"total":1e400,"unit":null},"inferenceTime":{"total":"NaN"}}""")]
    [InlineData("""{"energy":[],"emissions":"x","inferenceTime":null,"version":20250922}""")]
    [InlineData("""{"energy":{"total":1,"total":2,"unit":"Wms","unit":"J","extra":[{"a":1}]},"version":{"v":1},"version":"v2"}""")]
    [InlineData("""{"\u0065nergy":{"\u0074otal":3}}""")]
    [InlineData("""{}""")]
    [InlineData("""[]""")]
    [InlineData("""true""")]
    public void Impact_IsReadAsItsContractReadsIt(string json)
    {
        Assert.Equal(Describe(ViaContract(json, GreenPTJsonContext.Default.ImpactDto)), Describe(ViaFigures(json, WireFigures.ReadImpact)));
    }

    [Fact]
    public void ATruncatedObject_FailsAsTheContractFails()
    {
        Assert.ThrowsAny<JsonException>(() => ViaFigures("""{"prompt_tokens":1,""", WireFigures.ReadUsage, isFinalBlock: true));
        Assert.ThrowsAny<JsonException>(() => ViaFigures("""{"energy":{"total":""", WireFigures.ReadImpact, isFinalBlock: true));
    }

    private delegate T? Reader<T>(ref Utf8JsonReader reader);

    private static T? ViaContract<T>(string json, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> typeInfo)
        where T : class
    {
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json));
        reader.Read();
        T? value = WireValues.ReadObject(ref reader, typeInfo);
        Assert.False(reader.Read()); // left on the value's last token
        return value;
    }

    private static T? ViaFigures<T>(string json, Reader<T> read, bool isFinalBlock = true)
    {
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json), isFinalBlock, default);
        reader.Read();
        T? value = read(ref reader);
        Assert.False(reader.Read());
        return value;
    }

    private static string Describe(object? value) => value switch
    {
        null => "null",
        ResponseUsage u => Invariant($"usage {u.PromptTokens}/{u.CompletionTokens}/{u.TotalTokens}/{u.CachedTokens} details {Describe(u.PromptTokensDetails)} {Describe(u.CompletionTokensDetails)}"),
        PromptTokensDetails p => Invariant($"prompt[{p.CachedTokens}]"),
        CompletionTokensDetails c => Invariant($"completion[{c.ReasoningTokens}]"),
        ImpactDto i => Invariant($"impact {Describe(i.InferenceTime)} {Describe(i.Energy)} {Describe(i.Emissions)} v={i.Version}"),
        MeasurementDto m => Invariant($"({m.Total?.ToString("R", CultureInfo.InvariantCulture)} {m.Unit})"),
        _ => value.ToString()!,
    };

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
