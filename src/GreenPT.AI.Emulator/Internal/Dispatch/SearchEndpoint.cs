using System.Text.Json;
using GreenPT.AI.Emulator.Internal.Faults;
using GreenPT.AI.Emulator.Internal.Faults.Corruption;
using GreenPT.AI.Emulator.Internal.Planning.Search;
using GreenPT.AI.Emulator.Internal.Validation;
using Microsoft.AspNetCore.Http;

namespace GreenPT.AI.Emulator.Internal.Dispatch;

/// <summary>
/// <c>POST /v1/tools/websearch</c> (<c>{"query"}</c>) and <c>POST /v1/tools/search/web</c> (<c>{"query","maxResults","page","country"}</c>):
/// validate, answer. <c>maxResults</c> 1-20 (default 10), <c>page</c> 1 or more, <c>country</c> a non-blank string: the emulator's
/// limits, since GreenPT documents none.
/// </summary>
internal static class SearchEndpoint
{
    public const int MaxLinks = 20;
    public const int DefaultLinks = 10;

    public static async Task HandleAsync(HttpContext context, string body, bool links, RequestState state, FaultInjector faults, CancellationToken ct)
    {
        byte[] answer;
        try
        {
            using var document = RequestJson.Parse(body);
            var request = Validate(document.RootElement, links);
            answer = links ? SearchBody.Links(request) : SearchBody.WebSearch(request.Query);
        }
        catch (InvalidRequestException rejected)
        {
            await JsonResponses.WriteErrorAsync(context.Response, rejected.Error, state, ct).ConfigureAwait(false);
            return;
        }

        if (faults.CheckCorruptionTarget(CorruptionScope.Search) is { } noTarget)
        {
            await JsonResponses.WriteErrorAsync(context.Response, noTarget, state, ct).ConfigureAwait(false);
            return;
        }

        await faults.WriteJsonBodyAsync(context, answer, state, ct).ConfigureAwait(false);
    }

    private static SearchRequest Validate(JsonElement root, bool links)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw InvalidRequestException.BadRequest("The request body must be a JSON object.", null);
        }

        string query = JsonFields.String(root, "query") is { } q && !string.IsNullOrWhiteSpace(q)
            ? q
            : throw InvalidRequestException.BadRequest("'query' must be a non-empty string.", "query");
        if (!links)
        {
            return new SearchRequest(query, SearchBody.WebSearchResults, 1, null);
        }

        int maxResults = Integer(root, "maxResults", 1, MaxLinks) ?? DefaultLinks;
        int page = Integer(root, "page", 1, 1000) ?? 1;
        string? country = null;
        if (JsonFields.TryGet(root, "country", out var element))
        {
            country = element.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(element.GetString())
                ? element.GetString()
                : throw InvalidRequestException.BadRequest("'country' must be a non-empty string.", "country");
        }

        return new SearchRequest(query, maxResults, page, country);
    }

    private static int? Integer(JsonElement root, string name, int min, int max)
    {
        if (!JsonFields.TryGet(root, name, out var element))
        {
            return null;
        }

        return element.ValueKind == JsonValueKind.Number && element.TryGetInt32(out int value) && value >= min && value <= max
            ? value
            : throw InvalidRequestException.BadRequest($"'{name}' must be an integer from {min} to {max}.", name);
    }
}
