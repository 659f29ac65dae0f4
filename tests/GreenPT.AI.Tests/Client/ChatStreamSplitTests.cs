using System.Text;
using FsCheck;
using FsCheck.Fluent;
using GreenPT.AI.Tests.Infrastructure;
using Microsoft.Extensions.AI;

namespace GreenPT.AI.Tests.Client;

/// <summary>
/// However the bytes of a stream arrive — split at any positions, with <c>\n</c> or <c>\r\n</c> line endings — the client
/// yields the same updates.
/// </summary>
public sealed class ChatStreamSplitTests
{
    public static TheoryData<string> StreamFixtures => [.. Fixtures.StreamNames];

    [Theory, MemberData(nameof(StreamFixtures))]
    public void AnySplitAndLineEnding_GivesTheSameUpdates(string fixture)
    {
        string lf = Fixtures.Read(fixture).ReplaceLineEndings("\n");
        string expected = Snapshot(Encoding.UTF8.GetBytes(lf), []);
        Assert.Contains("finish=", expected, StringComparison.Ordinal);

        Gen<(bool CrLf, int[] Cuts)> cases =
            from crlf in Gen.Elements(false, true)
            from cuts in Gen.ListOf(Gen.Choose(1, lf.Length * 2)).Select(l => l.ToArray())
            select (crlf, cuts);

        Prop.ForAll(cases.ToArbitrary(), c =>
        {
            byte[] bytes = Encoding.UTF8.GetBytes(c.CrLf ? lf.Replace("\n", "\r\n", StringComparison.Ordinal) : lf);
            Assert.Equal(expected, Snapshot(bytes, c.Cuts));
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(150).WithReplay(new Replay(new Rnd(20261122UL, 7UL), null)));
    }

    [Fact]
    public void SplittingInsideAMultiByteCharacter_KeepsTheCharacter()
    {
        string sse = "data: {\"id\":\"u\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Grüße aus Zürich 🌍\"},\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n";
        byte[] bytes = Encoding.UTF8.GetBytes(sse);
        int umlaut = Encoding.UTF8.GetByteCount("data: {\"id\":\"u\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Gr") + 1;
        int globe = Encoding.UTF8.GetByteCount(sse[..sse.IndexOf("🌍", StringComparison.Ordinal)]) + 2;
        Assert.Contains("text:Grüße aus Zürich 🌍", Snapshot(bytes, [umlaut, globe]), StringComparison.Ordinal);
    }

    private static string Snapshot(byte[] bytes, int[] cuts)
    {
        using GreenPTChatClient client = TestClients.Create(new ScriptedHandler(ScriptedHandler.Sse(() => new ChunkedStream(bytes, cuts))));
        List<ChatResponseUpdate> updates = TestClients.StreamAsync(client).GetAwaiter().GetResult();
        return UpdateSnapshot.Of(updates);
    }
}
