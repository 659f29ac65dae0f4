using System.Net;
using System.Net.Sockets;
using System.Text;

namespace GreenPT.AI.NetFrameworkChecks;

/// <summary>
/// A one-connection HTTP server on 127.0.0.1 that answers with an error status and the start of its body, then sends nothing
/// more until disposed: an error body that stalls, which the emulator's faults do not produce (their stalls are in successes).
/// </summary>
internal sealed class StallingServer : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _serving;

    public StallingServer()
    {
        _listener.Start();
        Endpoint = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/v1/");
        _serving = ServeAsync();
    }

    public Uri Endpoint { get; }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        _ = _serving.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        _stop.Dispose();
    }

    private async Task ServeAsync()
    {
        using TcpClient connection = await _listener.AcceptTcpClientAsync().ConfigureAwait(false);
        NetworkStream stream = connection.GetStream();
        byte[] buffer = new byte[16 * 1024];
        var request = new StringBuilder();
        while (!request.ToString().Contains("\r\n\r\n"))
        {
            int read = await stream.ReadAsync(buffer, 0, buffer.Length, _stop.Token).ConfigureAwait(false);
            if (read == 0)
            {
                return;
            }

            request.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }

        byte[] head = Encoding.ASCII.GetBytes(
            "HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\nContent-Length: 200\r\nx-request-id: req_stall\r\n\r\n{\"error\":{\"message\":\"Over");
        await stream.WriteAsync(head, 0, head.Length, _stop.Token).ConfigureAwait(false);
        await stream.FlushAsync(_stop.Token).ConfigureAwait(false);
        await Task.Delay(Timeout.Infinite, _stop.Token).ConfigureAwait(false);
    }
}
