using System.Globalization;
using System.Text;

namespace GreenPT.AI.Tests.Fuzz;

/// <summary>
/// The mutation generators. The exhaustive ones (<see cref="WrongTypes"/>, <see cref="CorruptedStrings"/>,
/// <see cref="OutOfRangeNumbers"/>) visit every value of every seed; <see cref="Random"/> draws seeded structural damage.
/// </summary>
internal static class Mutations
{
    /// <summary>Every value a field can wrongly be given: each JSON type, empty and blank strings, and strings that are not numbers.</summary>
    public static readonly (string Json, JsonKind? Kind)[] WrongValues =
    [
        ("null", null), ("true", JsonKind.Literal), ("0", JsonKind.Number), ("-1", JsonKind.Number), ("1.5", JsonKind.Number),
        ("\"\"", JsonKind.String), ("\" \"", JsonKind.String), ("\"x\"", JsonKind.String), ("\"NaN\"", JsonKind.String),
        ("{}", JsonKind.Object), ("{\"a\":[1]}", JsonKind.Object), ("[]", JsonKind.Array), ("[null]", JsonKind.Array),
    ];

    /// <summary>Numbers no target type holds, or that a careless reader mis-converts.</summary>
    public static readonly string[] BadNumbers =
    [
        "1e30", "99999999999999999999", "-99999999999999999999", "1e400", "-1e400", "253402300800000", "9223372036854775808",
        "-9223372036854775809", "2147483648", "1.5", "-1", "0", "1e-400", "-0.0",
    ];

    /// <summary>What is put right after a string's opening quote: invalid UTF-8 (as raw bytes) or escapes that decode to lone surrogates.</summary>
    public static readonly (string Name, byte[] Bytes)[] StringPoisons =
    [
        ("invalid UTF-8 C3 28", [0xC3, 0x28]),
        ("invalid UTF-8 FF", [0xFF]),
        ("UTF-8-encoded surrogate ED A0 80", [0xED, 0xA0, 0x80]),
        ("overlong UTF-8 C0 AF", [0xC0, 0xAF]),
        ("truncated 4-byte UTF-8 F0 9F 98", [0xF0, 0x9F, 0x98]),
        ("lone high surrogate \\ud83d", Encoding.ASCII.GetBytes("\\ud83d")),
        ("lone low surrogate \\udc00", Encoding.ASCII.GetBytes("\\udc00")),
        ("two high surrogates \\ud83d\\ud83d", Encoding.ASCII.GetBytes("\\ud83d\\ud83d")),
        ("NUL \\u0000", Encoding.ASCII.GetBytes("\\u0000")),
    ];

    public static IEnumerable<FuzzCase> WrongTypes(FuzzSeed seed)
    {
        foreach (JsonSpot spot in JsonMap.Spots(seed.Body, Sse(seed)).Where(s => !s.IsName))
        {
            foreach ((string json, JsonKind? kind) in WrongValues)
            {
                yield return new(seed, Splice(seed.Body, spot.Start, spot.End, Encoding.ASCII.GetBytes(json)), $"wrong type: {spot} := {json}",
                    FuzzPolicy.ForReplacedValue(seed, spot, kind), [], KeepsStructuredError(seed, spot));
            }
        }
    }

    public static IEnumerable<FuzzCase> CorruptedStrings(FuzzSeed seed)
    {
        foreach (JsonSpot spot in JsonMap.Spots(seed.Body, Sse(seed)).Where(s => s.Kind == JsonKind.String))
        {
            foreach ((string name, byte[] poison) in StringPoisons)
            {
                yield return new(seed, Splice(seed.Body, spot.Start + 1, spot.Start + 1, poison), $"{name} in {spot}",
                    FuzzPolicy.ForCorruptedString(seed, spot), [], KeepsStructuredError(seed, spot) && !spot.IsName);
            }
        }
    }

    public static IEnumerable<FuzzCase> OutOfRangeNumbers(FuzzSeed seed)
    {
        foreach (JsonSpot spot in JsonMap.Spots(seed.Body, Sse(seed)).Where(s => s.Kind == JsonKind.Number))
        {
            foreach (string number in BadNumbers)
            {
                yield return new(seed, Splice(seed.Body, spot.Start, spot.End, Encoding.ASCII.GetBytes(number)), $"number: {spot} := {number}",
                    FuzzPolicy.ForReplacedNumber(seed, spot), [], KeepsStructuredError(seed, spot));
            }
        }
    }

    /// <summary>One to three seeded structural mutations of a random seed, and random read boundaries.</summary>
    public static FuzzCase Random(IReadOnlyList<FuzzSeed> seeds, Random random)
    {
        FuzzSeed seed = seeds[random.Next(seeds.Count)];
        byte[] body = seed.Body;
        var done = new List<string>();
        Expected expected = Expected.Either;
        bool onlySseSafe = true;
        int count = 1 + random.Next(3);
        for (int i = 0; i < count; i++)
        {
            (body, string what, bool sseSafe) = OneRandom(seed, body, random);
            done.Add(what);
            onlySseSafe &= sseSafe;
        }

        expected = FuzzPolicy.ForStructuralDamage(seed);
        if (onlySseSafe && Sse(seed) && expected == Expected.Either && !seed.CarriesError)
        {
            expected = Expected.SameAnswer; // line endings and comments are SSE syntax: the answer must be the same
        }

        int[] cuts = random.Next(4) == 0
            ? [.. Enumerable.Range(1, Math.Max(0, body.Length - 1))] // a byte at a time
            : [.. Enumerable.Range(0, random.Next(6)).Select(_ => random.Next(Math.Max(1, body.Length)))];
        int? dropAfter = null;
        if (random.Next(8) == 0 && body.Length > 0)
        {
            dropAfter = random.Next(body.Length);
            done.Add($"connection broken after {dropAfter} bytes");
            expected = expected == Expected.SameAnswer ? Expected.Either : expected;
        }

        return new(seed, body, string.Join("; ", done), expected, cuts, DropAfter: dropAfter);
    }

    private static (byte[] Body, string What, bool SseSafe) OneRandom(FuzzSeed seed, byte[] body, Random random)
    {
        List<JsonSpot> spots = JsonMap.Spots(body, Sse(seed));
        switch (random.Next(13))
        {
            case 0:
            {
                byte[] copy = [.. body];
                int flips = 1 + random.Next(4);
                var at = new List<string>();
                for (int i = 0; i < flips && copy.Length > 0; i++)
                {
                    int position = random.Next(copy.Length);
                    byte mask = (byte)(1 << random.Next(8));
                    copy[position] ^= mask;
                    at.Add(FormattableString.Invariant($"{position}^0x{mask:X2}"));
                }

                return (copy, "byte flips " + string.Join(",", at), false);
            }

            case 1:
            {
                int length = random.Next(body.Length + 1);
                return (body[..length], $"truncated to {length} of {body.Length} bytes", false);
            }

            case 2:
            {
                List<byte[]> lines = Lines(body);
                int line = random.Next(lines.Count);
                lines.Insert(line, lines[line]);
                return (Join(lines), $"line {line} duplicated", false);
            }

            case 3:
            {
                List<byte[]> lines = Lines(body);
                int line = random.Next(lines.Count);
                lines.RemoveAt(line);
                return (Join(lines), $"line {line} dropped", false);
            }

            case 4:
            {
                string ending = random.Next(2) == 0 ? "\r\n" : "\r";
                return (Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(body).Replace("\n", ending, StringComparison.Ordinal)),
                    $"every LF replaced by {(ending == "\r" ? "CR" : "CRLF")}", true);
            }

            case 5:
            {
                int position = random.Next(body.Length + 1);
                return (Splice(body, position, position, "\r"u8.ToArray()), $"lone CR inserted at {position}", false);
            }

            case 6:
            {
                // An SSE comment line at a line start (where it is legal); anywhere else it damages the line it lands in.
                List<int> starts = [0, .. Enumerable.Range(1, body.Length).Where(i => body[i - 1] == (byte)'\n')];
                int position = starts[random.Next(starts.Count)];
                return (Splice(body, position, position, ": keep-alive \u00e9\n"u8.ToArray()), $"SSE comment line inserted at {position}", true);
            }

            case 7:
            {
                List<int> places = [.. Enumerable.Range(0, body.Length).Where(i => body[i] is (byte)'{' or (byte)',')];
                if (places.Count == 0)
                {
                    goto case 1;
                }

                int position = places[random.Next(places.Count)] + 1;
                return (Splice(body, position, position, "/* note */"u8.ToArray()), $"JSON comment injected at {position}", false);
            }

            case 8:
            {
                if (spots.Count == 0)
                {
                    goto case 0;
                }

                JsonSpot spot = spots[random.Next(spots.Count)];
                int depth = new[] { 2, 10, 60, 63, 64, 65, 200, 5000 }[random.Next(8)];
                string nested = random.Next(2) == 0
                    ? new string('[', depth) + new string(']', depth)
                    : string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + new string('}', depth);
                return (Splice(body, spot.Start, spot.End, Encoding.ASCII.GetBytes(nested)), $"{spot} nested {depth} deep", false);
            }

            case 9:
            {
                List<JsonSpot> names = [.. spots.Where(s => s.IsName)];
                if (names.Count == 0)
                {
                    goto case 0;
                }

                JsonSpot name = names[random.Next(names.Count)];
                JsonSpot? value = spots.FirstOrDefault(s => !s.IsName && s.Start > name.End && s.Path.SequenceEqual(name.Path));
                if (value is null)
                {
                    goto case 0;
                }

                byte[] member = [.. body.AsSpan(name.Start, value.End - name.Start), (byte)','];
                return (Splice(body, name.Start, name.Start, member), $"{name} duplicated", false);
            }

            case 10:
            {
                List<JsonSpot> strings = [.. spots.Where(s => s.Kind == JsonKind.String && !s.IsName)];
                if (strings.Count == 0)
                {
                    goto case 0;
                }

                JsonSpot spot = strings[random.Next(strings.Count)];
                string replacement = random.Next(3) switch
                {
                    0 => "\"" + new string('x', 100_000) + "\"",
                    1 => "\"" + string.Concat(Enumerable.Repeat("\\ud83d\\ude00", 1_000)) + "\"",
                    _ => "\"\\u0000\\t\\n\\\\\\\"\"",
                };
                return (Splice(body, spot.Start, spot.End, Encoding.UTF8.GetBytes(replacement)), $"{spot} := a long or escaped string", false);
            }

            case 11:
            {
                if (spots.Count == 0)
                {
                    goto case 0;
                }

                JsonSpot spot = spots[random.Next(spots.Count)];
                (string json, _) = WrongValues[random.Next(WrongValues.Length)];
                return (Splice(body, spot.Start, spot.End, Encoding.ASCII.GetBytes(json)), $"{spot} := {json}", false);
            }

            default:
            {
                int position = random.Next(body.Length + 1);
                (string name, byte[] poison) = StringPoisons[random.Next(StringPoisons.Length)];
                return (Splice(body, position, position, poison), $"{name} at byte {position}", false);
            }
        }
    }

    /// <summary>Whether a mutation at <paramref name="spot"/> of an error body leaves its request id readable.</summary>
    private static bool KeepsStructuredError(FuzzSeed seed, JsonSpot spot) =>
        seed.IsErrorStatus && seed.Body.AsSpan().IndexOf("\"requestId\""u8) >= 0 && spot.Path.Count > 1 && spot.Path[0] == "error"
        && spot.Field is not ("error" or "requestId");

    private static bool Sse(FuzzSeed seed) => seed.Kind == SeedKind.ChatStream && seed.Status == 200;

    public static byte[] Splice(byte[] body, int start, int end, byte[] replacement) =>
        [.. body.AsSpan(0, start), .. replacement, .. body.AsSpan(end)];

    private static List<byte[]> Lines(byte[] body)
    {
        var lines = new List<byte[]>();
        int start = 0;
        for (int i = 0; i < body.Length; i++)
        {
            if (body[i] == (byte)'\n')
            {
                lines.Add(body[start..(i + 1)]);
                start = i + 1;
            }
        }

        lines.Add(body[start..]);
        return lines;
    }

    private static byte[] Join(List<byte[]> lines) => [.. lines.SelectMany(l => l)];

    public static string Describe(byte[] body) =>
        body.Length <= 300 ? Encoding.UTF8.GetString(body) : Encoding.UTF8.GetString(body, 0, 300) + FormattableString.Invariant($"… ({body.Length} bytes)");

    public static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
}
