using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace GreenPT.AI.DependencyInjection;

/// <summary>
/// Validates one registration's <see cref="GreenPTClientOptions"/> with the client's own rules, so a bad setting fails at resolution
/// (and at host start) with a message that names it as the user wrote it: <c>GreenPT:ResponseTimeout</c> for settings bound from
/// the <c>GreenPT</c> section. Never the key's value.
/// </summary>
/// <remarks>
/// A key present with an empty value (<c>"Endpoint": ""</c> in appsettings.json, an empty <c>GreenPT__Endpoint</c> variable) is an
/// error, never a silent default: the configuration binder skips an empty value for a setting that is not a string, which would
/// quietly send requests to GreenPT's production API (or use a default time limit) although the user wrote something else.
/// </remarks>
internal sealed class GreenPTClientOptionsValidation(string name, IConfiguration? configuration, object? serviceKey) : IValidateOptions<GreenPTClientOptions>
{
    /// <summary>The settings the binder leaves at their default when the configuration holds an empty value.</summary>
    private static readonly string[] NonTextSettings =
    [
        nameof(GreenPTClientOptions.Endpoint), nameof(GreenPTClientOptions.MaxEmbeddingBatchSize), nameof(GreenPTClientOptions.MaxRerankBatchSize), nameof(GreenPTClientOptions.AllowInsecureHttp),
        nameof(GreenPTClientOptions.ResponseTimeout), nameof(GreenPTClientOptions.StreamIdleTimeout), nameof(GreenPTClientOptions.MaxRetries),
        nameof(GreenPTClientOptions.RetryDelay), nameof(GreenPTClientOptions.MaxRetryDelay), nameof(GreenPTClientOptions.LogMessageContents),
    ];

    private readonly string? _sectionPath = (configuration as IConfigurationSection)?.Path;

    /// <summary>The options name this validator checks.</summary>
    public string Name { get; } = name;

    public ValidateOptionsResult Validate(string? name, GreenPTClientOptions options)
    {
        if (!string.Equals(name, Name, StringComparison.Ordinal))
        {
            return ValidateOptionsResult.Skip;
        }

        string prefix = _sectionPath is null ? GreenPTOptionsValidator.OptionsPrefix : _sectionPath + ":";
        string registration = serviceKey is null ? "GreenPT" : $"GreenPT (service key '{serviceKey}')";
        List<GreenPTOptionsProblem> empty = [.. EmptyValues()];
        List<string> failures =
        [
            .. empty.Concat(GreenPTOptionsValidator.Problems(options).Where(p => !empty.Any(e => e.Setting == p.Setting)))
                .Select(p => $"{registration} settings are invalid: {p.Describe(prefix)}"),
        ];
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>Every setting the configuration names with an empty or blank value that the binder would have skipped.</summary>
    private IEnumerable<GreenPTOptionsProblem> EmptyValues()
    {
        if (configuration is null)
        {
            yield break;
        }

        foreach (string setting in NonTextSettings)
        {
            if (configuration[setting] is { } value && string.IsNullOrWhiteSpace(value))
            {
                yield return new(setting, setting == nameof(GreenPTClientOptions.Endpoint)
                    ? GreenPTOptionsValidator.EmptyEndpoint("leave the key out")
                    : "is empty: leave the key out for the default, or set a value.");
            }
        }
    }
}
