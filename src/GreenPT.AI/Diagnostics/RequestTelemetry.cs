using System.Diagnostics;
using System.Net;
using System.Text;
using GreenPT.AI.Http;
using GreenPT.AI.Impact;
using Microsoft.Extensions.Logging;

namespace GreenPT.AI.Diagnostics;

/// <summary>
/// Follows one request from start to end: one log line when it completes, fails or is abandoned, contents at Trace only
/// when the caller opted in, the impact in the <c>GreenPT.AI</c> meter, and the impact and request id as tags on the current GenAI
/// span (the chat span opened by MEAI's OpenTelemetry middleware).
/// </summary>
internal sealed class RequestTelemetry
{
    /// <summary>Activity tag: energy of the request in Wms (watt-milliseconds, i.e. millijoules).</summary>
    public const string EnergyTag = "greenpt.energy";

    /// <summary>Activity tag: emissions of the request in µgCO2e.</summary>
    public const string EmissionsTag = "greenpt.emissions";

    /// <summary>Activity tag: GreenPT's reported inference time in ms.</summary>
    public const string InferenceTimeTag = "greenpt.inference_time";

    /// <summary>Activity tag: the request id (the <c>x-request-id</c> header, the error body's id, or else the response id).</summary>
    public const string RequestIdTag = "greenpt.request_id";

    private readonly ILogger _logger;
    private readonly string _operation;
    private readonly string _model;
    private readonly string? _metricsScope;
    private readonly long _started = Stopwatch.GetTimestamp();
    private readonly StringBuilder? _responseText;
    private bool _ended;

    public RequestTelemetry(ILogger logger, string operation, string model, bool logContents, ArraySegment<byte> requestBody, string? metricsScope = null)
    {
        _metricsScope = metricsScope;
        _logger = logger;
        _operation = operation;
        _model = model;
        if (logContents && logger.IsEnabled(LogLevel.Trace))
        {
            GreenPTLog.RequestBody(logger, operation, Encoding.UTF8.GetString(requestBody.Array!, requestBody.Offset, requestBody.Count));
            _responseText = new StringBuilder();
        }
    }

    /// <summary>Whether response text should be collected for a Trace line (only when the caller opted in).</summary>
    public bool CollectsText => _responseText is not null;

    public void AppendText(string? text) => _responseText?.Append(text);

    public void Completed(GreenPTResponse response, string? responseId, string? responseModel, GreenPTImpact? impact)
    {
        _ended = true;
        if (impact is not null)
        {
            GreenPTMetrics.Record(_operation, _model, responseModel, impact, _metricsScope);
        }

        string? requestId = response.RequestId ?? responseId;
        if (GenAISpan() is { } activity)
        {
            activity.SetTag(RequestIdTag, requestId);
            if (impact is not null)
            {
                activity.SetTag(EnergyTag, ImpactUnits.ToJoules(impact.Energy) * 1000);
                activity.SetTag(EmissionsTag, ImpactUnits.ToGramsCO2e(impact.Emissions) * 1e6);
                activity.SetTag(InferenceTimeTag, ImpactUnits.ToSeconds(impact.InferenceTime) * 1000);
            }
        }

        if (_responseText is not null)
        {
            GreenPTLog.ResponseText(_logger, _operation, _responseText.ToString());
        }

        if (_logger.IsEnabled(LogLevel.Debug))
        {
            GreenPTLog.RequestCompleted(
                _logger, _operation, _model, (int)response.Message.StatusCode, ElapsedMilliseconds(), requestId, response.Attempts,
                impact?.ToString() ?? "not reported");
        }
    }

    /// <summary>Records the failure and returns the exception, for <c>throw telemetry.Failed(…)</c>.</summary>
    public TException Failed<TException>(TException exception)
        where TException : Exception
    {
        Observe(exception);
        return exception;
    }

    /// <summary>Records a failure; always <see langword="false"/>, so it can sit in an exception filter without catching.</summary>
    public bool Observe(Exception exception)
    {
        if (_ended)
        {
            return false;
        }

        _ended = true;
        if (exception is OperationCanceledException)
        {
            GreenPTLog.RequestCancelled(_logger, _operation, _model, ElapsedMilliseconds());
            return false;
        }

        var greenPT = exception as GreenPTException;
        GenAISpan()?.SetTag(RequestIdTag, greenPT?.RequestId);
        HttpStatusCode? status = greenPT?.StatusCode;
        GreenPTLog.RequestFailed(_logger, _operation, _model, ElapsedMilliseconds(), (int?)status, greenPT?.RequestId, exception.Message, exception);
        return false;
    }

    /// <summary>Called when the request's work ends by any path: logs a request the caller walked away from.</summary>
    public void EndIfOpen()
    {
        if (!_ended)
        {
            _ended = true;
            GreenPTLog.RequestCancelled(_logger, _operation, _model, ElapsedMilliseconds());
        }
    }

    /// <summary>
    /// The current span if it is a GenAI client span that records data (such as the one MEAI's OpenTelemetry middleware opens, which
    /// carries <c>gen_ai.operation.name</c>); never an unrelated span such as the ASP.NET request around the call.
    /// </summary>
    private static Activity? GenAISpan() =>
        Activity.Current is { IsAllDataRequested: true } activity && activity.GetTagItem("gen_ai.operation.name") is not null ? activity : null;

    private long ElapsedMilliseconds() => (Stopwatch.GetTimestamp() - _started) * 1000 / Stopwatch.Frequency;
}
