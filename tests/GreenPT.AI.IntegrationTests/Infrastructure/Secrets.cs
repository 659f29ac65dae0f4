namespace GreenPT.AI.IntegrationTests.Infrastructure;

/// <summary>Checks that the API key never appears in text the library produces.</summary>
internal static class Secrets
{
    /// <summary>The secret part of <see cref="Harness.ApiKey"/>, in case a text quoted only part of it.</summary>
    private const string KeyCore = "4f9a2c7e1b3d8a60";

    /// <summary>Fails when the exception's message or <c>ToString()</c> (inner exceptions and stack included) holds the key.</summary>
    public static void AssertClean(Exception exception, string? otherKey = null)
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            AssertClean(e.Message, $"the message of a {e.GetType().Name}", otherKey);
        }

        AssertClean(exception.ToString(), $"{exception.GetType().Name}.ToString()", otherKey);
    }

    /// <summary>Fails when <paramref name="text"/> holds the key.</summary>
    public static void AssertClean(string text, string where, string? otherKey = null)
    {
        Assert.False(
            text.Contains(Harness.ApiKey, StringComparison.Ordinal) || text.Contains(KeyCore, StringComparison.Ordinal),
            $"The API key appeared in {where}: {text}");
        if (otherKey is not null)
        {
            Assert.False(text.Contains(otherKey, StringComparison.Ordinal), $"A (wrong) API key appeared in {where}: {text}");
        }
    }
}
