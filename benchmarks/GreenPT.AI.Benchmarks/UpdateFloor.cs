using Microsoft.Extensions.AI;

namespace GreenPT.AI.Benchmarks;

/// <summary>
/// What an <see cref="IChatClient"/> must allocate per streamed text chunk at the least: one <see cref="ChatResponseUpdate"/> holding
/// one <see cref="TextContent"/> in its contents list, as MEAI defines them (the text itself not counted: the raw bound allocates it too).
/// </summary>
public static class UpdateFloor
{
    public static double BytesPerUpdate()
    {
        const int Count = 1_000;
        string text = "word";
        var keep = new ChatResponseUpdate[Count];
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < Count; i++)
        {
            keep[i] = new ChatResponseUpdate(ChatRole.Assistant, new List<AIContent>(1) { new TextContent(text) })
            {
                ResponseId = text,
                MessageId = text,
                ModelId = text,
                CreatedAt = DateTimeOffset.UnixEpoch,
            };
        }

        long after = GC.GetAllocatedBytesForCurrentThread();
        GC.KeepAlive(keep);
        return (double)(after - before) / Count;
    }
}
