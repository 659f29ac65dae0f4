using System.Text;
using System.Text.Json;

namespace GreenPT.AI.Emulator.Internal.Validation;

/// <summary>A message's <c>content</c>: a string, or content parts (<c>text</c> parts joined by a line feed, <c>image_url</c> parts counted, others ignored).</summary>
internal static class ContentReader
{
    public static (string Text, int Images) Read(JsonElement message, string p, bool contentRequired)
    {
        if (!JsonFields.TryGet(message, "content", out var content))
        {
            return contentRequired
                ? throw InvalidRequestException.BadRequest($"Missing required parameter: '{p}.content'.", p + ".content")
                : (string.Empty, 0);
        }

        return content.ValueKind switch
        {
            JsonValueKind.String => (content.GetString()!, 0),
            JsonValueKind.Array => ReadParts(content, p),
            _ => throw InvalidRequestException.BadRequest($"'{p}.content' must be a string or an array of content parts.", p + ".content"),
        };
    }

    private static (string Text, int Images) ReadParts(JsonElement parts, string p)
    {
        var text = new StringBuilder();
        int images = 0;
        int index = 0;
        foreach (var part in parts.EnumerateArray())
        {
            string pp = $"{p}.content[{index++}]";
            switch (part.ValueKind == JsonValueKind.Object ? JsonFields.String(part, "type") : null)
            {
                case "text":
                    string partText = JsonFields.String(part, "text")
                        ?? throw InvalidRequestException.BadRequest($"Missing required parameter: '{pp}.text'.", pp + ".text");
                    text.Append(text.Length > 0 ? "\n" : string.Empty).Append(partText);
                    break;
                case "image_url":
                    images += HasImageUrl(part) ? 1 : throw InvalidRequestException.BadRequest($"Missing required parameter: '{pp}.image_url.url'.", pp + ".image_url.url");
                    break;
                case null:
                    throw InvalidRequestException.BadRequest($"'{pp}.type' is required.", pp + ".type");
                default:
                    // Other part types (input_audio, file, ...) are accepted and ignored.
                    break;
            }
        }

        return (text.ToString(), images);
    }

    /// <summary>An <c>image_url</c> part names its URL as <c>{"url": ...}</c> or, leniently, as a plain string.</summary>
    private static bool HasImageUrl(JsonElement part)
        => part.TryGetProperty("image_url", out var image)
            && ((image.ValueKind == JsonValueKind.Object && JsonFields.String(image, "url") is { Length: > 0 })
                || (image.ValueKind == JsonValueKind.String && image.GetString() is { Length: > 0 }));
}
