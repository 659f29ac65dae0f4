namespace GreenPT.AI.Tests.Fuzz;

/// <summary>
/// The robustness rule, restated independently of the client's code so that the fuzzer can tell a right outcome from a wrong one:
/// which fields hold the answer (a wrong JSON type there must fail) and which are metadata (an unusable value there is dropped and the
/// answer is unchanged).
/// </summary>
internal static class FuzzPolicy
{
    /// <summary>Objects or arrays that hold the chat answer, with the JSON kind each must have.</summary>
    private static readonly Dictionary<string, JsonKind> ChatContainers = new(StringComparer.Ordinal)
    {
        ["choices"] = JsonKind.Array,
        ["message"] = JsonKind.Object,
        ["delta"] = JsonKind.Object,
        ["tool_calls"] = JsonKind.Array,
        ["function"] = JsonKind.Object,
    };

    /// <summary>Strings that are the chat answer's text: an object or array there fails; anything else changes the text.</summary>
    private static readonly HashSet<string> ChatText = new(StringComparer.Ordinal) { "content", "reasoning_content", "reasoning", "refusal" };

    /// <summary>What a value replaced by one of <paramref name="newKind"/> (<see langword="null"/> for JSON null) must come to.</summary>
    public static Expected ForReplacedValue(FuzzSeed seed, JsonSpot spot, JsonKind? newKind)
    {
        if (seed.IsErrorStatus)
        {
            return Expected.Failure;
        }

        if (seed.CarriesError)
        {
            bool removesTheError = (spot.Field == "error" && !spot.IsElement && spot.Path.Count == 1 && newKind is null)
                || (spot.Path.Count == 0 && newKind == JsonKind.Object);
            return ErrorSeed(seed, spot, removesTheError);
        }

        if (spot.Path.Count == 0)
        {
            return newKind == JsonKind.Object ? Expected.Either : Expected.Failure; // the whole event or body
        }

        return seed.Kind switch
        {
            SeedKind.ChatStream or SeedKind.ChatJson => ChatValue(spot, newKind),
            _ => IsAnswerData(seed, spot) ? Expected.Either : Expected.SameAnswer,
        };
    }

    /// <summary>
    /// Whether <paramref name="spot"/> is in the answer of a seed other than chat: <c>data</c> (embeddings, models) or <c>results</c>
    /// (rerank, searches, transcription). Anything else there (usage, impact, the note, the metadata) only describes the answer.
    /// </summary>
    private static bool IsAnswerData(FuzzSeed seed, JsonSpot spot) => seed.Kind switch
    {
        SeedKind.Embeddings or SeedKind.Models => spot.Under("data"),
        SeedKind.Rerank or SeedKind.WebSearch or SeedKind.LinkSearch or SeedKind.SpeechToText => spot.Under("results"),
        _ => false,
    };

    /// <summary>What a string (value or property name) given invalid UTF-8 or a lone surrogate must come to: strings never fail.</summary>
    public static Expected ForCorruptedString(FuzzSeed seed, JsonSpot spot)
    {
        if (seed.IsErrorStatus)
        {
            return Expected.Failure;
        }

        if (seed.CarriesError)
        {
            return ErrorSeed(seed, spot, neutralises: spot.IsName && spot.Field == "error" && spot.Path.Count == 1);
        }

        if (spot.IsName)
        {
            return Expected.Either; // an unknown property is skipped, which may be the whole answer
        }

        bool isText = ChatText.Contains(spot.Field) || spot.Field is "arguments" or "name" || spot.Under("data") || IsAnswerData(seed, spot);
        return isText ? Expected.Answer : Expected.SameAnswer;
    }

    /// <summary>What a number replaced by one out of range (or fractional, or negative) must come to.</summary>
    public static Expected ForReplacedNumber(FuzzSeed seed, JsonSpot spot)
    {
        if (seed.IsErrorStatus)
        {
            return Expected.Failure;
        }

        if (seed.CarriesError)
        {
            return ErrorSeed(seed, spot, neutralises: false);
        }

        // The model list's numbers (created) are metadata: an unusable one is dropped and the list is the same.
        return seed.Kind is not SeedKind.ChatStream and not SeedKind.ChatJson and not SeedKind.Models && IsAnswerData(seed, spot) ? Expected.Either : Expected.SameAnswer;
    }

    /// <summary>Structural damage (bytes, lines, truncation, nesting): only the contract, except where an error must stay an error.</summary>
    public static Expected ForStructuralDamage(FuzzSeed seed) =>
        seed.IsErrorStatus || (seed.CarriesError && seed.Kind == SeedKind.ChatStream) ? Expected.Failure : Expected.Either;

    /// <summary>An error seed stays an error unless the mutation removed the error object itself; an error stream always ends unfinished.</summary>
    private static Expected ErrorSeed(FuzzSeed seed, JsonSpot spot, bool neutralises) =>
        seed.Kind == SeedKind.ChatStream || !neutralises ? Expected.Failure : Expected.Either;

    private static Expected ChatValue(JsonSpot spot, JsonKind? newKind)
    {
        if (ChatContainers.TryGetValue(spot.Field, out JsonKind container) && spot.Kind is JsonKind.Object or JsonKind.Array)
        {
            // The container itself, or (for an array) one of its elements, which must be objects.
            JsonKind wanted = spot.IsElement ? JsonKind.Object : container;
            return newKind is null || newKind == wanted ? Expected.Either : Expected.Failure;
        }

        if (ChatText.Contains(spot.Field) && !spot.IsElement)
        {
            return newKind is JsonKind.Object or JsonKind.Array ? Expected.Failure : Expected.Either;
        }

        if (spot.Field == "arguments")
        {
            return Expected.Answer; // kept as text; MEAI reports arguments that do not parse in FunctionCallContent.Exception
        }

        return Expected.SameAnswer;
    }
}
