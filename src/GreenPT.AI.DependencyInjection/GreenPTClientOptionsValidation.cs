using Microsoft.Extensions.Options;

namespace GreenPT.AI.DependencyInjection;

/// <summary>
/// Validates named <see cref="GreenPTClientOptions"/> with the client's own rules, so a bad setting fails at resolution (and at
/// host start) with a message that names it. Options that no GreenPT registration uses are not checked.
/// </summary>
internal sealed class GreenPTClientOptionsValidation : IValidateOptions<GreenPTClientOptions>
{
    public ValidateOptionsResult Validate(string? name, GreenPTClientOptions options)
    {
        try
        {
            GreenPTOptionsValidator.ValidatedCopy(options);
            return ValidateOptionsResult.Success;
        }
        catch (ArgumentException ex)
        {
            string message = ex.Message;
            int suffix = message.IndexOf(" (Parameter", StringComparison.Ordinal);
            return ValidateOptionsResult.Fail($"GreenPT settings '{name}': {(suffix > 0 ? message.Substring(0, suffix) : message)}");
        }
    }
}
