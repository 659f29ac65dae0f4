using System.Globalization;

namespace GreenPT.AI.Tests.Fuzz;

/// <summary>
/// The fuzz suite: every seed of <see cref="FuzzCorpus"/> (the fixtures and emulator-style transcripts) mutated by the generators of
/// <see cref="Mutations"/>, through the real clients. Deterministic: the exhaustive generators visit every value of every seed, the
/// random one is seeded (<c>GREENPT_FUZZ_SEED</c>, default 20261201; <c>GREENPT_FUZZ_CASES</c> for a longer run). A failure prints the
/// seed, the case, the mutation and the body.
/// </summary>
public sealed class ChatFuzzTests
{
    private static int BaseSeed => int.TryParse(Environment.GetEnvironmentVariable("GREENPT_FUZZ_SEED"), CultureInfo.InvariantCulture, out int seed) ? seed : 20261201;

    private static int RandomCases => int.TryParse(Environment.GetEnvironmentVariable("GREENPT_FUZZ_CASES"), CultureInfo.InvariantCulture, out int cases) ? cases : 3000 / Sample;

    /// <summary>
    /// Runs every n-th exhaustive case (and a n-th of the random ones) when <c>GREENPT_FUZZ_SAMPLE</c> is n: for mutation testing, which
    /// runs the suite once per mutant. 1 (everything) by default.
    /// </summary>
    private static int Sample => int.TryParse(Environment.GetEnvironmentVariable("GREENPT_FUZZ_SAMPLE"), CultureInfo.InvariantCulture, out int sample) && sample > 1 ? sample : 1;

    [Fact]
    public async Task EveryField_GivenEveryWrongJsonType_IsDroppedOrFailsByTheRule()
    {
        await RunExhaustiveAsync("wrong JSON types", Mutations.WrongTypes);
    }

    [Fact]
    public async Task EveryString_WithInvalidUtf8OrALoneSurrogate_NeverFailsTheAnswer()
    {
        await RunExhaustiveAsync("invalid UTF-8 and lone surrogates", Mutations.CorruptedStrings);
    }

    [Fact]
    public async Task EveryNumber_OutOfRange_IsDroppedWithoutLosingTheAnswer()
    {
        await RunExhaustiveAsync("out-of-range numbers", Mutations.OutOfRangeNumbers);
    }

    [Fact]
    public async Task SeededStructuralDamage_KeepsTheContract()
    {
        using var harness = new FuzzHarness();
        List<FuzzSeed> seeds = [.. FuzzCorpus.All];
        for (int i = 0; i < RandomCases; i++)
        {
            int seed = unchecked(BaseSeed + i);
            await harness.RunAsync(Mutations.Random(seeds, new Random(seed)), $"GREENPT_FUZZ_SEED={BaseSeed} case {i} (Random({seed}))");
        }

        harness.AssertNoFailures("seeded structural damage");
    }

    private static async Task RunExhaustiveAsync(string what, Func<FuzzSeed, IEnumerable<FuzzCase>> generator)
    {
        using var harness = new FuzzHarness();
        foreach (FuzzSeed seed in FuzzCorpus.All)
        {
            int index = 0;
            foreach (FuzzCase fuzzCase in generator(seed))
            {
                if (index % Sample == 0)
                {
                    await harness.RunAsync(fuzzCase, $"{what} #{index}");
                }

                index++;
            }
        }

        harness.AssertNoFailures(what);
    }
}
