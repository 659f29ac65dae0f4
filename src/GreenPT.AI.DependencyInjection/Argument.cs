namespace GreenPT.AI.DependencyInjection;

internal static class Argument
{
    public static T NotNull<T>(T? value, string name)
        where T : class => value ?? throw new ArgumentNullException(name);
}
