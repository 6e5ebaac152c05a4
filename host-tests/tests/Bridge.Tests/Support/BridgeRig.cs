using System.Diagnostics;
using System.Net;
using BridgeHost;
using BridgeHost.Emulation;
using BridgeHost.Faults;
using VirtioMmio.App;

namespace Bridge.Tests.Support;

/// <summary>How the host reaches the emulated board in a test.</summary>
public enum LinkKind
{
    InProcess,
    Tcp,
    TcpWithFaults,
    Pty,
    SocatPair,
}

/// <summary>An emulated board with the standard device set, served over one kind of link, and a target connected to it.</summary>
public sealed class BridgeRig : IDisposable
{
    private readonly List<IDisposable> _resources = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Thread> _threads = new();

    private BridgeRig(EmulatedBoard board) => Board = board;

    public EmulatedBoard Board { get; }

    public BridgeTarget Target { get; private set; } = null!;

    public TcpFaultProxy? Proxy { get; private set; }

    /// <summary>Why the link kind cannot run on this machine, or null.</summary>
    public static string? Unavailable(LinkKind kind) => kind switch
    {
        LinkKind.Pty when !OperatingSystem.IsLinux() => "pseudo-terminals need Linux",
        LinkKind.SocatPair when !OperatingSystem.IsLinux() => "pseudo-terminals need Linux",
        LinkKind.SocatPair when FindSocat() is null => "socat is not installed (.ci/run installs it with apt-get install socat)",
        _ => null,
    };

    internal static BridgeRig Start(LinkKind kind, Func<DeviceSet>? devices = null)
    {
        var rig = new BridgeRig(new EmulatedBoard(devices ?? StandardDeviceSet.CreateSimulated, "rig", "fw-test"));
        try
        {
            rig.Connect(kind);
            return rig;
        }
        catch
        {
            rig.Dispose();
            throw;
        }
    }

    private void Connect(LinkKind kind)
    {
        var fast = new BridgeClientOptions { ReplyTimeout = TimeSpan.FromMilliseconds(60), MaxAttempts = 50 };
        switch (kind)
        {
            case LinkKind.InProcess:
            {
                var loop = new LoopbackBridge(Board);
                _resources.Add(loop);
                Target = loop.Target;
                return;
            }

            case LinkKind.Tcp:
            case LinkKind.TcpWithFaults:
            {
                var server = new TcpBridgeServer(Board, new IPEndPoint(IPAddress.Loopback, 0));
                _resources.Add(server);
                string uri = server.Uri;
                if (kind == LinkKind.TcpWithFaults)
                {
                    Proxy = new TcpFaultProxy("127.0.0.1", server.Port, FaultOptions.Uniform(0.10, seed: 2026));
                    _resources.Add(Proxy);
                    uri = Proxy.Uri;
                }

                Target = BridgeTarget.Open(uri, kind == LinkKind.TcpWithFaults ? fast : null);
                _resources.Add(Target);
                return;
            }

            case LinkKind.Pty:
            {
                var pty = new PseudoTerminal();
                _resources.Add(pty);
                Serve(pty.Channel);
                Target = BridgeTarget.Open("pty:" + pty.SlavePath);
                _resources.Add(Target);
                return;
            }

            case LinkKind.SocatPair:
            {
                string dir = Directory.CreateTempSubdirectory("bridge-socat-").FullName;
                string deviceEnd = Path.Combine(dir, "device"), hostEnd = Path.Combine(dir, "host");
                var socat = Process.Start(new ProcessStartInfo(FindSocat()!,
                    $"pty,raw,echo=0,link={deviceEnd} pty,raw,echo=0,link={hostEnd}")
                {
                    RedirectStandardError = true,
                    UseShellExecute = false,
                })!;
                _resources.Add(new Disposer(() =>
                {
                    if (!socat.HasExited)
                    {
                        socat.Kill();
                        socat.WaitForExit(2000);
                    }

                    socat.Dispose();
                    Directory.Delete(dir, true);
                }));
                var deadline = DateTime.UtcNow.AddSeconds(10);
                while (!(File.Exists(deviceEnd) && File.Exists(hostEnd)))
                {
                    Assert.True(DateTime.UtcNow < deadline && !socat.HasExited, "socat did not create its pty pair");
                    Thread.Sleep(20);
                }

                var channel = new SerialByteChannel(deviceEnd, 921600);
                _resources.Add(channel);
                Serve(channel);
                Target = BridgeTarget.Open($"serial:{hostEnd}?baud=921600");
                _resources.Add(Target);
                return;
            }
        }
    }

    private void Serve(IByteChannel channel)
    {
        var thread = new Thread(() => Board.Serve(channel, _stop.Token)) { IsBackground = true, Name = "rig-device" };
        thread.Start();
        _threads.Add(thread);
    }

    private static string? FindSocat() =>
        new[] { "/usr/bin/socat", "/bin/socat", "/usr/local/bin/socat" }.FirstOrDefault(File.Exists);

    public void Dispose()
    {
        _stop.Cancel();
        foreach (var r in Enumerable.Reverse(_resources))
        {
            r.Dispose();
        }

        foreach (var t in _threads)
        {
            t.Join(TimeSpan.FromSeconds(2));
        }

        _stop.Dispose();
    }

    private sealed class Disposer(Action action) : IDisposable
    {
        public void Dispose() => action();
    }
}
