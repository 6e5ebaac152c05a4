using System.Net;
using System.Net.Sockets;

namespace BridgeHost.Faults;

/// <summary>
/// A TCP man-in-the-middle between a bridge host and a device (e.g. the emulator) that injects frame faults in both
/// directions. Listens on a free loopback port (<see cref="Uri"/>); each accepted connection gets its own upstream
/// connection. Directions use different seeds derived from <see cref="FaultOptions.Seed"/>.
/// </summary>
public sealed class TcpFaultProxy : IDisposable
{
    private readonly TcpListener _listener;
    private readonly string _upstreamHost;
    private readonly int _upstreamPort;
    private readonly FaultOptions _options;
    private readonly Thread _acceptThread;
    private readonly List<IDisposable> _resources = new();
    private volatile bool _disposed;
    private int _connections;

    public TcpFaultProxy(string upstreamHost, int upstreamPort, FaultOptions options)
    {
        _upstreamHost = upstreamHost;
        _upstreamPort = upstreamPort;
        _options = options;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _acceptThread = new Thread(AcceptLoop) { IsBackground = true, Name = "fault-proxy-accept" };
        _acceptThread.Start();
    }

    public int Port { get; }

    public string Uri => $"tcp://127.0.0.1:{Port}";

    /// <summary>Host-to-device frames.</summary>
    public FaultStatistics ToDevice { get; } = new();

    /// <summary>Device-to-host frames.</summary>
    public FaultStatistics ToHost { get; } = new();

    private void AcceptLoop()
    {
        while (!_disposed)
        {
            TcpClient downstream;
            try
            {
                downstream = _listener.AcceptTcpClient();
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            var upstream = new TcpClient { NoDelay = true };
            upstream.Connect(_upstreamHost, _upstreamPort);
            downstream.NoDelay = true;
            int n = Interlocked.Increment(ref _connections);
            var toDevice = new FaultPump(downstream.GetStream(), upstream.GetStream(), _options, ToDevice, _options.Seed * 7919 + n, "to-device");
            var toHost = new FaultPump(upstream.GetStream(), downstream.GetStream(), _options, ToHost, _options.Seed * 104729 + n, "to-host");
            void Close()
            {
                downstream.Dispose();
                upstream.Dispose();
            }

            toDevice.Closed += Close;
            toHost.Closed += Close;
            lock (_resources)
            {
                _resources.AddRange(new IDisposable[] { toDevice, toHost, downstream, upstream });
            }
        }
    }

    public void Dispose()
    {
        _disposed = true;
        _listener.Stop();
        lock (_resources)
        {
            foreach (var r in _resources.AsEnumerable().Reverse())
            {
                r.Dispose();
            }
        }

        _acceptThread.Join(TimeSpan.FromSeconds(2));
    }
}
