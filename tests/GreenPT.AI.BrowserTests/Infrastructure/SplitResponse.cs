using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace GreenPT.AI.BrowserTests.Infrastructure;

/// <summary>
/// A response written in chosen pieces of bytes, each flushed on its own, with a gate after each piece but the last: the
/// next piece does not exist until the test releases the gate. The page then cannot receive two pieces in one read.
/// </summary>
public sealed class SplitResponse
{
    /// <summary>The route the test adds to the WebChat app; the page is pointed at it through its form's action.</summary>
    public const string Route = "/test/split-stream";

    public SplitResponse(params byte[][] pieces)
    {
        Pieces = pieces;
        Written = [.. pieces.Select(_ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously))];
        Released = [.. pieces.Select(_ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously))];
    }

    public IReadOnlyList<byte[]> Pieces { get; }

    /// <summary>Completed when piece i has been written and flushed.</summary>
    public IReadOnlyList<TaskCompletionSource> Written { get; }

    /// <summary>Complete entry i to let piece i + 1 be written.</summary>
    public IReadOnlyList<TaskCompletionSource> Released { get; }

    /// <summary>Splits UTF-8 text into pieces of bytes at the given byte offsets.</summary>
    public static byte[][] Cut(string text, params int[] offsets)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(text);
        var pieces = new List<byte[]>();
        int start = 0;
        foreach (int offset in offsets)
        {
            pieces.Add(bytes[start..offset]);
            start = offset;
        }

        pieces.Add(bytes[start..]);
        return [.. pieces];
    }

    /// <summary>Maps <see cref="Route"/>: writes the pieces of whatever <paramref name="current"/> returns.</summary>
    public static void Map(WebApplication app, Func<SplitResponse?> current)
    {
        app.MapPost(Route, async (HttpContext context) =>
        {
            if (current() is not { } script)
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }

            context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
            context.Response.ContentType = "text/event-stream";
            context.Response.Headers.CacheControl = "no-cache";
            for (int i = 0; i < script.Pieces.Count; i++)
            {
                await context.Response.Body.WriteAsync(script.Pieces[i], context.RequestAborted);
                await context.Response.Body.FlushAsync(context.RequestAborted);
                script.Written[i].TrySetResult();
                if (i < script.Pieces.Count - 1)
                {
                    await script.Released[i].Task.WaitAsync(context.RequestAborted);
                }
            }
        });
    }
}
