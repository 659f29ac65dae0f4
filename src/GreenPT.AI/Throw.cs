using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace GreenPT.AI;

/// <summary>Argument checks that name the argument, on every target framework.</summary>
internal static class Throw
{
    public static T IfNull<T>([NotNull] T? value, [CallerArgumentExpression(nameof(value))] string? name = null)
        where T : class =>
        value ?? throw new ArgumentNullException(name);

    /// <summary>An API key passed to a constructor: present, and usable in a header.</summary>
    public static string IfInvalidKey([NotNull] string? apiKey, [CallerArgumentExpression(nameof(apiKey))] string? name = null) =>
        apiKey is null ? throw new ArgumentNullException(name)
        : GreenPTOptionsValidator.KeyProblem(apiKey) is { } problem ? throw new ArgumentException($"{name} {problem}", name)
        : apiKey;
}
