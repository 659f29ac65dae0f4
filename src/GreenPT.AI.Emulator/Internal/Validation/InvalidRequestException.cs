namespace GreenPT.AI.Emulator.Internal.Validation;

/// <summary>A request the API refuses; the validators throw it, the endpoint turns it into the error body.</summary>
internal sealed class InvalidRequestException(ApiError error) : Exception(error.Message)
{
    public ApiError Error { get; } = error;

    /// <summary>A 400 <c>invalid_request_error</c> naming <paramref name="param"/>.</summary>
    public static InvalidRequestException BadRequest(string message, string? param) => new(ApiError.BadRequest(message, param));
}
