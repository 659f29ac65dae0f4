namespace GreenPT.AI.Tests.Fuzz;

/// <summary>What a fuzz case must end in, beyond the contract every case keeps (an answer or one <see cref="GreenPTException"/>, in bounded time, the response disposed).</summary>
internal enum Expected
{
    /// <summary>Either an answer or a <see cref="GreenPTException"/>.</summary>
    Either,

    /// <summary>An answer: the client dropped or kept what it could not use.</summary>
    Answer,

    /// <summary>An answer whose text (chat), vectors (embeddings) or ids (models) are those of the clean seed: nothing the caller needs was lost.</summary>
    SameAnswer,

    /// <summary>A <see cref="GreenPTException"/>: the answer could not be read without losing part of it, or it was an error.</summary>
    Failure,
}

/// <summary>One fuzz case: a seed, the mutated body, what was done to it and what must come of it.</summary>
/// <param name="Seed">The clean answer that was mutated.</param>
/// <param name="Body">The mutated body.</param>
/// <param name="Mutation">What was done, printed with a failure.</param>
/// <param name="Expect">What must come of it.</param>
/// <param name="ReadCuts">Where the body is cut into separate reads, as a network would.</param>
/// <param name="KeepsStructuredError">For an error status: whether the error's request id must still be read from the body.</param>
/// <param name="DropAfter">Where the connection breaks (the body stream throws an <see cref="IOException"/>), or <see langword="null"/>.</param>
internal sealed record FuzzCase(FuzzSeed Seed, byte[] Body, string Mutation, Expected Expect, int[] ReadCuts, bool KeepsStructuredError = false, int? DropAfter = null)
{
    public override string ToString() => $"seed '{Seed.Name}' ({Seed.Kind}, {Seed.Status}), mutation: {Mutation}, expected {Expect}";
}
