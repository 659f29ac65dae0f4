using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace GreenPT.AI.Redis;

/// <summary>Argument checks that name the argument, on every target framework.</summary>
internal static class Throw
{
    public static T IfNull<T>([NotNull] T? value, [CallerArgumentExpression(nameof(value))] string? name = null)
        where T : class =>
        value ?? throw new ArgumentNullException(name);
}
