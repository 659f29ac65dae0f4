using System.Buffers;
using System.Text.Json;

namespace GreenPT.AI.Emulator.Internal;

/// <summary>A GreenPT-shaped error: <c>{"error":{"code","message","type","param"},"requestId"}</c>.</summary>
internal sealed record ApiError(int Status, string Type, string Message, string? Param)
{
    public static ApiError BadRequest(string message, string? param) => new(400, "invalid_request_error", message, param);

    public static string TypeForStatus(int status) => status switch
    {
        400 => "invalid_request_error",
        401 => "authentication_error",
        402 => "insufficient_credits",
        403 => "permission_error",
        404 => "not_found_error",
        405 => "invalid_request_error",
        408 => "timeout_error",
        409 => "conflict_error",
        413 => "request_too_large",
        422 => "invalid_request_error",
        429 => "rate_limit_error",
        500 => "server_error",
        502 => "bad_gateway",
        503 => "service_unavailable",
        504 => "gateway_timeout",
        < 500 => "invalid_request_error",
        _ => "server_error",
    };

    public static void Write(Utf8JsonWriter w, int code, string type, string message, string? param, string requestId)
    {
        w.WriteStartObject();
        w.WriteStartObject("error");
        w.WriteNumber("code", code);
        w.WriteString("message", message);
        w.WriteString("type", type);
        if (param is null)
        {
            w.WriteNull("param");
        }
        else
        {
            w.WriteString("param", param);
        }

        w.WriteEndObject();
        w.WriteString("requestId", requestId);
        w.WriteEndObject();
    }

    public byte[] ToJson(string requestId)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var w = new Utf8JsonWriter(buffer, JsonDefaults.WriterOptions))
        {
            Write(w, Status, Type, Message, Param, requestId);
        }

        return buffer.WrittenSpan.ToArray();
    }
}
