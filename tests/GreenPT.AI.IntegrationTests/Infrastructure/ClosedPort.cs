using System.Net;
using System.Net.Sockets;

namespace GreenPT.AI.IntegrationTests.Infrastructure;

/// <summary>
/// A loopback port where nothing listens, so that connecting is refused at once. The port stays bound (without listening)
/// until disposed: unlike a stopped <see cref="TcpListener"/>, whose free port an emulator started by a parallel test
/// could take, nobody else can start listening on it meanwhile.
/// </summary>
internal sealed class ClosedPort : IDisposable
{
    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);

    public ClosedPort()
    {
        _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        Port = ((IPEndPoint)_socket.LocalEndPoint!).Port;
    }

    public int Port { get; }

    public Uri Endpoint => new($"http://127.0.0.1:{Port}/v1/");

    public void Dispose() => _socket.Dispose();
}
