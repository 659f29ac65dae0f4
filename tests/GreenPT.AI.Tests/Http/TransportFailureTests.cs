using System.Net;
using System.Net.Sockets;
using System.Text;
using GreenPT.AI.Http;
using GreenPT.AI.Tests.Infrastructure;
using Microsoft.Extensions.AI;

namespace GreenPT.AI.Tests.Http;

/// <summary>
/// A connection that breaks while a body is read is one <see cref="GreenPTException"/>, whatever the HTTP stack calls it: .NET's
/// <see cref="IOException"/> and <see cref="HttpRequestException"/>, or .NET Framework's <see cref="WebException"/> (which derives
/// from <see cref="InvalidOperationException"/>, so it must not be taken for an unreadable answer) and a bare <see cref="SocketException"/>.
/// </summary>
public sealed class TransportFailureTests
{
    private const string FirstEvent = "data: {\"id\":\"s\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,\"model\":\"gemma4\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"Hi\"},\"finish_reason\":null}]}\n\n";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string, Exception> Failures => new()
    {
        { "WebException", new WebException("The underlying connection was closed: The connection was closed unexpectedly.", WebExceptionStatus.ConnectionClosed) },
        { "SocketException", new SocketException((int)SocketError.ConnectionReset) },
        { "IOException", new IOException("Unable to read data from the transport connection: Connection reset by peer.") },
    };

    [Theory, MemberData(nameof(Failures))]
    public async Task BrokenConnection_MidStream_IsAGreenPTException_Streaming(string what, Exception failure)
    {
        var handler = new ScriptedHandler(ScriptedHandler.Sse(() => new BreakingStream(Encoding.UTF8.GetBytes(FirstEvent), failure)));
        using GreenPTChatClient client = TestClients.Create(handler);

        var ex = await Assert.ThrowsAsync<GreenPTException>(() => TestClients.StreamAsync(client));

        Assert.True(ex.Message.StartsWith("The GreenPT stream was interrupted before it was complete", StringComparison.Ordinal), $"{what}: {ex.Message}");
        Assert.Same(failure, ex.InnerException);
    }

    [Theory, MemberData(nameof(Failures))]
    public async Task BrokenConnection_MidBody_IsAGreenPTException_NonStreaming(string what, Exception failure)
    {
        var handler = new ScriptedHandler(() => new HttpResponseMessage(HttpStatusCode.OK)
        {
            Content = new StreamContent(new BreakingStream(Encoding.UTF8.GetBytes(TestClients.MinimalCompletion[..40]), failure)),
        });
        using GreenPTChatClient client = TestClients.Create(handler);

        var ex = await Assert.ThrowsAsync<GreenPTException>(() => client.GetResponseAsync("Hi", cancellationToken: Ct));

        Assert.True(ex.Message.StartsWith("The GreenPT response was interrupted before it was complete", StringComparison.Ordinal), $"{what}: {ex.Message}");
        Assert.Equal(HttpStatusCode.OK, ex.StatusCode);
        Assert.Same(failure, ex.InnerException);
    }

    [Theory, MemberData(nameof(Failures))]
    public async Task BrokenConnection_InAnErrorBody_KeepsTheStatus(string what, Exception failure)
    {
        var handler = new ScriptedHandler(() => new HttpResponseMessage(HttpStatusCode.ServiceUnavailable)
        {
            Content = new StreamContent(new BreakingStream(Encoding.UTF8.GetBytes("{\"error\":{\"message\":\"Over"), failure)),
        });
        using GreenPTChatClient client = TestClients.Create(handler);

        var ex = await Assert.ThrowsAsync<GreenPTException>(() => client.GetResponseAsync("Hi", cancellationToken: Ct));

        Assert.True(HttpStatusCode.ServiceUnavailable == ex.StatusCode, $"{what}: {ex.StatusCode}");
    }

    [Fact]
    public void WebException_IsATransportFailure_NotAnUnreadableAnswer()
    {
        var failure = new WebException("closed", WebExceptionStatus.ReceiveFailure);

        Assert.True(GreenPTErrors.IsTransportFailure(failure));
        Assert.False(GreenPTErrors.IsUnreadableAnswer(failure));
    }

    /// <summary>Gives <paramref name="first"/>, then fails every read with <paramref name="failure"/>, as a connection that broke.</summary>
    private sealed class BreakingStream(byte[] first, Exception failure) : ReadOnlyTestStream
    {
        private int _position;

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            if (_position >= first.Length)
            {
                throw failure;
            }

            int n = Math.Min(buffer.Length, first.Length - _position);
            first.AsSpan(_position, n).CopyTo(buffer);
            _position += n;
            return n;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            try
            {
                return new ValueTask<int>(Read(buffer.Span));
            }
#pragma warning disable CA1031 // the failure is handed to the reader, as a broken connection's would be
            catch (Exception ex)
#pragma warning restore CA1031
            {
                return ValueTask.FromException<int>(ex);
            }
        }
    }
}
