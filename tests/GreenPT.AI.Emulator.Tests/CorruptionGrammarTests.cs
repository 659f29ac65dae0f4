using static GreenPT.AI.Emulator.Tests.TestSupport;

namespace GreenPT.AI.Emulator.Tests;

/// <summary>The <c>corrupt=&lt;class&gt;</c> grammar item and the <see cref="EmulatorFault.Corruption"/> API.</summary>
public sealed class CorruptionGrammarTests
{
    /// <summary>The documented name of every class (README and <see cref="EmulatorCorruption"/>).</summary>
    private static readonly Dictionary<EmulatorCorruption, string> Names = new()
    {
        [EmulatorCorruption.InvalidUtf8InContent] = "utf8-content",
        [EmulatorCorruption.InvalidUtf8InPropertyName] = "utf8-name",
        [EmulatorCorruption.InvalidUtf8InToolArguments] = "utf8-arguments",
        [EmulatorCorruption.LoneSurrogateInContent] = "surrogate-content",
        [EmulatorCorruption.CreatedInMilliseconds] = "created-ms",
        [EmulatorCorruption.TokenCountExponent] = "tokens-exponent",
        [EmulatorCorruption.TokenCountOverflow] = "tokens-overflow",
        [EmulatorCorruption.EnergyOverflow] = "energy-overflow",
        [EmulatorCorruption.EnergyAsString] = "energy-nan",
        [EmulatorCorruption.EmptyFinishReason] = "finish-reason-empty",
        [EmulatorCorruption.BlankRole] = "role-blank",
        [EmulatorCorruption.EmptyId] = "id-empty",
        [EmulatorCorruption.NullChoice] = "choices-null",
        [EmulatorCorruption.NullToolCall] = "tool-calls-null",
        [EmulatorCorruption.NullDelta] = "delta-null",
        [EmulatorCorruption.ChoicesObject] = "choices-object",
        [EmulatorCorruption.UsageArray] = "usage-array",
        [EmulatorCorruption.ImpactString] = "impact-string",
        [EmulatorCorruption.ErrorMessageWrongType] = "error-message-type",
        [EmulatorCorruption.ErrorMessageInvalidUtf8] = "error-message-utf8",
        [EmulatorCorruption.ErrorMessageLoneSurrogate] = "error-message-surrogate",
        [EmulatorCorruption.ErrorCodeWrongType] = "error-code-type",
        [EmulatorCorruption.ErrorCodeInvalidUtf8] = "error-code-utf8",
        [EmulatorCorruption.ErrorCodeLoneSurrogate] = "error-code-surrogate",
        [EmulatorCorruption.ErrorParamWrongType] = "error-param-type",
        [EmulatorCorruption.ErrorParamInvalidUtf8] = "error-param-utf8",
        [EmulatorCorruption.ErrorParamLoneSurrogate] = "error-param-surrogate",
        [EmulatorCorruption.ErrorDetailWrongType] = "error-detail-type",
        [EmulatorCorruption.ErrorDetailInvalidUtf8] = "error-detail-utf8",
        [EmulatorCorruption.ErrorDetailLoneSurrogate] = "error-detail-surrogate",
    };

    public static TheoryData<EmulatorCorruption> Classes() => [.. Names.Keys];

    [Fact]
    public void Every_class_has_a_documented_name()
        => Assert.Equal(Enum.GetValues<EmulatorCorruption>().Where(c => c != EmulatorCorruption.None), Names.Keys.Order());

    [Theory]
    [MemberData(nameof(Classes))]
    public void Each_class_parses_from_its_name_and_round_trips(EmulatorCorruption corruption)
    {
        string name = Names[corruption];
        bool errorClass = name.StartsWith("error-", StringComparison.Ordinal);
        string header = errorClass ? $"status=502; Corrupt={name.ToUpperInvariant()} ;retry-after=1" : $"corrupt={name};times=2;key=k";

        var fault = EmulatorFault.Parse(header);

        Assert.Equal(corruption, fault.Corruption);
        Assert.Equal(errorClass ? EmulatorFaultKind.Status : EmulatorFaultKind.None, fault.Kind);
        Assert.Contains("corrupt=" + name, fault.ToString(), StringComparison.Ordinal);
        Assert.Equal(fault, EmulatorFault.Parse(fault.ToString()));
        var built = errorClass ? EmulatorFault.Status(502, retryAfterSeconds: 1) with { Corruption = corruption } : EmulatorFault.Corrupt(corruption) with { Times = 2, Key = "k" };
        Assert.Equal(fault, built);
    }

    [Fact]
    public async Task The_readme_catalogue_has_a_row_for_every_class()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "GreenPT.AI.sln")))
        {
            directory = directory.Parent;
        }

        Assert.NotNull(directory);
        string readme = await File.ReadAllTextAsync(Path.Combine(directory.FullName, "src", "GreenPT.AI.Emulator", "README.md"), Ct);
        Assert.All(Names.Values, name => Assert.Contains($"| `{name}` |", readme, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("corrupt=")]
    [InlineData("corrupt")]
    [InlineData("corrupt=utf8-everything")]
    [InlineData("corrupt=utf8-content;corrupt=id-empty")]
    [InlineData("status=500;corrupt=utf8-content")]
    [InlineData("error-event;corrupt=id-empty")]
    [InlineData("truncate;corrupt=usage-array")]
    [InlineData("corrupt=error-message-utf8")]
    [InlineData("html502;corrupt=error-code-type")]
    public void Corruptions_that_do_not_fit_are_rejected(string header)
    {
        Assert.False(EmulatorFault.TryParse(header, out _));
        Assert.Throws<FormatException>(() => EmulatorFault.Parse(header));
    }

    [Fact]
    public async Task A_mismatched_fault_cannot_be_queued_or_built()
    {
        await using var emulator = await StartAsync();
        Assert.Throws<ArgumentException>(() => emulator.EnqueueFault(new EmulatorFault { Corruption = EmulatorCorruption.ErrorCodeWrongType }));
        Assert.Throws<ArgumentException>(() => emulator.EnqueueFault(EmulatorFault.Status(500) with { Corruption = EmulatorCorruption.NullChoice }));
        Assert.Throws<ArgumentException>(() => EmulatorFault.Corrupt(EmulatorCorruption.ErrorParamInvalidUtf8));
        Assert.Throws<ArgumentException>(() => EmulatorFault.Corrupt(EmulatorCorruption.None));
        Assert.Empty(emulator.QueuedFaults);
    }

    [Fact]
    public async Task An_invalid_corrupt_header_gives_400_naming_the_header()
    {
        await using var emulator = await StartAsync();
        using var client = Client(emulator);
        var (response, json) = await PostJsonAsync(client, "chat/completions", Chat("green-l", "x"), fault: "corrupt=error-code-type");
        Assert.Equal(400, (int)response.StatusCode);
        AssertGreenPTError(json, 400, "invalid_request_error", EmulatorFault.HeaderName);
        Assert.Contains("status=", json["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }
}
