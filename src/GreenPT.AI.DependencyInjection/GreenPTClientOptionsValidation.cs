using Microsoft.Extensions.Options;

namespace GreenPT.AI.DependencyInjection;

/// <summary>
/// Validates one registration's <see cref="GreenPTClientOptions"/> with the client's own rules, so a bad setting fails at resolution
/// (and at host start) with a message that names it as the user wrote it: <c>GreenPT:ResponseTimeout</c> for settings bound from
/// the <c>GreenPT</c> section. Never the key's value.
/// </summary>
internal sealed class GreenPTClientOptionsValidation(string name, string? sectionPath, object? serviceKey) : IValidateOptions<GreenPTClientOptions>
{
    /// <summary>The options name this validator checks.</summary>
    public string Name { get; } = name;

    public ValidateOptionsResult Validate(string? name, GreenPTClientOptions options)
    {
        if (!string.Equals(name, Name, StringComparison.Ordinal))
        {
            return ValidateOptionsResult.Skip;
        }

        string prefix = sectionPath is null ? GreenPTOptionsValidator.OptionsPrefix : sectionPath + ":";
        string registration = serviceKey is null ? "GreenPT" : $"GreenPT (service key '{serviceKey}')";
        List<string> failures = [.. GreenPTOptionsValidator.Problems(options).Select(p => $"{registration} settings are invalid: {p.Describe(prefix)}")];
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
