namespace GreenPT.AI.Aspire;

/// <summary>
/// The settings of the Aspire client integration, bound from the <c>GreenPT:Client</c> configuration section, then overridden by
/// the connection string <c>ConnectionStrings:{name}</c>, then by the delegate given to <c>AddGreenPTChatClient</c>.
/// </summary>
/// <remarks>
/// The same section also binds <see cref="GreenPTClientOptions"/>' own settings (<c>ResponseTimeout</c>, <c>MaxRetries</c>, …), as the
/// dependency injection package does.
/// </remarks>
public sealed class GreenPTClientSettings
{
    /// <summary>The API's base address; <see langword="null"/> for GreenPT's default (<c>https://api.greenpt.ai/v1/</c>).</summary>
    public Uri? Endpoint { get; set; }

    /// <summary>The API key. Never printed by this library.</summary>
    public string? Key { get; set; }

    /// <summary>The default chat (or, for the embedding generator, embedding) model; <see langword="null"/> for the client's default.</summary>
    public string? Model { get; set; }

    /// <summary>Leaves out the health check (reachability and key validity). Defaults to <see langword="false"/>.</summary>
    public bool DisableHealthChecks { get; set; }

    /// <summary>
    /// Leaves out the tracing defaults: MEAI's OpenTelemetry middleware on the returned builder and its activity source in the
    /// OpenTelemetry SDK. Defaults to <see langword="false"/>.
    /// </summary>
    public bool DisableTracing { get; set; }

    /// <summary>Leaves out the metrics defaults: the <c>GreenPT.AI</c> meter (energy, emissions, inference time) and MEAI's. Defaults to <see langword="false"/>.</summary>
    public bool DisableMetrics { get; set; }

    /// <summary>How long the health check reuses its last result instead of calling the API again. Defaults to 1 minute.</summary>
    public TimeSpan HealthCheckCacheDuration { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long the health check waits for the API's answer. Defaults to 10 seconds.</summary>
    public TimeSpan HealthCheckTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Describes the settings without the key.</summary>
    /// <returns>The endpoint, the model, whether a key is set, and the switches.</returns>
    public override string ToString() =>
        $"GreenPTClientSettings {{ Endpoint = {Endpoint?.ToString() ?? "(default)"}, Model = {Model ?? "(default)"}, Key = {(string.IsNullOrEmpty(Key) ? "(none)" : "(set)")}, " +
        $"DisableHealthChecks = {DisableHealthChecks}, DisableTracing = {DisableTracing}, DisableMetrics = {DisableMetrics} }}";
}
