using Microsoft.Extensions.Options;

namespace GreenPT.AI.DependencyInjection;

/// <summary>
/// Validates one registration's <see cref="GreenPTClientOptions"/> with the client's own rules, so a bad setting fails at resolution
/// (and at host start) with a message that names it as the user wrote it: <c>GreenPT:ResponseTimeout</c> for settings bound from
/// the <c>GreenPT</c> section. Never the key's value.
/// </summary>
internal sealed class GreenPTClientOptionsValidation(string name, string? sectionPath, object? serviceKey) : IValidateOptions<GreenPTClientOptions>
{
    private const string PropertyPrefix = "GreenPTClientOptions.";

    /// <summary>The options name this validator checks.</summary>
    public string Name { get; } = name;

    public ValidateOptionsResult Validate(string? name, GreenPTClientOptions options)
    {
        if (!string.Equals(name, Name, StringComparison.Ordinal))
        {
            return ValidateOptionsResult.Skip;
        }

        try
        {
            options.Validate();
            return ValidateOptionsResult.Success;
        }
        catch (ArgumentException ex)
        {
            string message = ex.Message;
            int parameterSuffix = message.IndexOf(" (Parameter", StringComparison.Ordinal);
            message = parameterSuffix > 0 ? message.Substring(0, parameterSuffix) : message;
            if (sectionPath is not null)
            {
                message = message.Replace(PropertyPrefix, sectionPath + ":");
            }

            string registration = serviceKey is null ? "GreenPT" : $"GreenPT (service key '{serviceKey}')";
            return ValidateOptionsResult.Fail($"{registration} settings are invalid: {message}");
        }
    }
}
