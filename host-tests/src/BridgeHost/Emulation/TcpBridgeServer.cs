using System.Net;
using System.Net.Sockets;
using VirtioMmio.App;

namespace BridgeHost.Emulation;

/// <summary>
/// Serves an <see cref="EmulatedBoard"/> over TCP. One host at a time, like a UART: a new connection replaces the
/// current one. Listens on loopback unless told otherwise; port 0 picks a free port (see <see cref="Port"/>).
/// </summary>
public sealed class TcpBridgeServer : IDisposable
{
    private readonly EmulatedBoard _board;
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly Thread _acceptThread;
    private readonly Action<string>? _log;
    private readonly object _gate = new();
    private TcpClient? _current;
    private Thread? _serving;

    public TcpBridgeServer(EmulatedBoard board, IPEndPoint endpoint, Action<string>? log = null)
    {
        _board = board;
        _log = log;
        _listener = new TcpListener(endpoint);
        _listener.Start(4);
        Endpoint = (IPEndPoint)_listener.LocalEndpoint;
        _acceptThread = new Thread(AcceptLoop) { IsBackground = true, Name = "bridge-accept" };
        _acceptThread.Start();
    }

    public IPEndPoint Endpoint { get; }

    public int Port => Endpoint.Port;

    public string Uri => $"tcp://{(Endpoint.Address.Equals(IPAddress.Any) ? IPAddress.Loopback : Endpoint.Address)}:{Port}";

    private void AcceptLoop()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = _listener.AcceptTcpClient();
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            client.NoDelay = true;
            _log?.Invoke($"host connected from {client.Client.RemoteEndPoint}");
            lock (_gate)
            {
                _current?.Dispose();
                _serving?.Join();
                _current = client;
                _serving = new Thread(() => Serve(client)) { IsBackground = true, Name = "bridge-serve" };
                _serving.Start();
            }
        }
    }

    private void Serve(TcpClient client)
    {
        try
        {
            _board.Serve(new SocketChannel(client.Client), _stop.Token);
        }
        finally
        {
            client.Dispose();
            _log?.Invoke("host disconnected");
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        lock (_gate)
        {
            _current?.Dispose();
            _serving?.Join(TimeSpan.FromSeconds(2));
        }

        _acceptThread.Join(TimeSpan.FromSeconds(2));
        _stop.Dispose();
    }

    /// <summary>Socket channel with a short poll, so the loop can send interrupt events while the host is quiet.</summary>
    private sealed class SocketChannel(Socket socket) : IByteChannel
    {
        public int Read(byte[] buffer, int offset, int count)
        {
            try
            {
                if (!socket.Poll(TimeSpan.FromMilliseconds(50), SelectMode.SelectRead))
                {
                    return 0;
                }

                int n = socket.Receive(buffer, offset, count, SocketFlags.None);
                return n == 0 ? -1 : n;
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                return -1;
            }
        }

        public bool Write(byte[] buffer, int offset, int count)
        {
            try
            {
                int sent = 0;
                while (sent < count)
                {
                    sent += socket.Send(buffer, offset + sent, count - sent, SocketFlags.None);
                }

                return true;
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                return false;
            }
        }
    }
}
