using System.Data.Common;

namespace GreenPT.AI.Aspire;

/// <summary>
/// Reads a GreenPT connection string, <c>Endpoint=https://api.greenpt.ai/v1/;Key=…;Model=…</c>, with the rules of
/// <see cref="DbConnectionStringBuilder"/>: keys in any case, values in single or double quotes when they hold <c>;</c>, quotes or
/// spaces at their ends (a quote inside doubled). <c>Key</c> is required; <c>Endpoint</c> and <c>Model</c> are optional. Any other
/// key is an error. No message names the key's value.
/// </summary>
internal static class GreenPTConnectionString
{
    public const string EndpointKey = "Endpoint";
    public const string KeyKey = "Key";
    public const string ModelKey = "Model";

    /// <summary>Sets <paramref name="settings"/>' endpoint, key and model from <paramref name="connectionString"/>.</summary>
    /// <exception cref="FormatException">The string is malformed, has an unknown key, no key, or an endpoint that is not an absolute http(s) address.</exception>
    public static void ApplyTo(GreenPTClientSettings settings, string connectionName, string connectionString)
    {
        var builder = new DbConnectionStringBuilder();
        try
        {
            builder.ConnectionString = connectionString;
        }
        catch (ArgumentException)
        {
            // The builder's own message quotes the string from the failing position on, key included: never shown.
            throw new FormatException(
                $"The connection string '{connectionName}' is malformed: expected Endpoint=…;Key=…;Model=… with values that hold ';' or quotes in double quotes.");
        }

        string[] unknown = [.. builder.Keys.Cast<string>().Where(k => !IsKnown(k))];
        if (unknown.Length > 0)
        {
            throw new FormatException(
                $"The connection string '{connectionName}' has unknown key(s) {string.Join(", ", unknown.Select(k => $"'{k}'"))}: the keys are {EndpointKey}, {KeyKey} and {ModelKey}.");
        }

        if (!builder.TryGetValue(KeyKey, out object? key) || key is not string keyText || string.IsNullOrWhiteSpace(keyText))
        {
            throw new FormatException($"The connection string '{connectionName}' has no {KeyKey}: expected Endpoint=…;Key=<your GreenPT API key>.");
        }

        settings.Key = keyText;
        if (builder.TryGetValue(EndpointKey, out object? endpoint) && endpoint is string endpointText)
        {
            settings.Endpoint = ParseEndpoint(connectionName, endpointText);
        }

        if (builder.TryGetValue(ModelKey, out object? model) && model is string modelText)
        {
            settings.Model = string.IsNullOrWhiteSpace(modelText)
                ? throw new FormatException($"The connection string '{connectionName}' has an empty {ModelKey}: leave it out for the default, or name a model.")
                : modelText;
        }
    }

    private static bool IsKnown(string key) =>
        string.Equals(key, EndpointKey, StringComparison.OrdinalIgnoreCase)
        || string.Equals(key, KeyKey, StringComparison.OrdinalIgnoreCase)
        || string.Equals(key, ModelKey, StringComparison.OrdinalIgnoreCase);

    private static Uri ParseEndpoint(string connectionName, string endpoint)
    {
        if (!Uri.TryCreate(endpoint, UriKind.Absolute, out Uri? address) || (address.Scheme != Uri.UriSchemeHttps && address.Scheme != Uri.UriSchemeHttp))
        {
            throw new FormatException(
                $"The connection string '{connectionName}' has {EndpointKey}='{endpoint}', which is not an absolute http or https address such as https://api.greenpt.ai/v1/.");
        }

        return address;
    }
}
