using System.Net;
using Benchmarks.Rigs;
using BridgeHost;
using BridgeHost.Emulation;
using BridgeHost.Links;
using LinuxVirtio.Bus;
using VirtioMmio.App;

namespace Benchmarks.Restore;

/// <summary>How the restore_noirq cycle reaches the device.</summary>
public enum RestoreTransport
{
    /// <summary>Straight onto the device core in this process.</summary>
    InProcess,

    /// <summary>The emulator over TCP loopback, writes batched into the next request that needs an answer.</summary>
    TcpBatched,

    /// <summary>The emulator over TCP loopback, every write its own round trip.</summary>
    TcpUnbatched,

    /// <summary>The emulator on the master side of a pseudo-terminal, the host on its slave via System.IO.Ports (batched).</summary>
    Pty,
}

/// <summary>
/// A 2-queue device reached one way, probed once, with counters on both the driver's requests and the wire.
/// </summary>
public sealed class RestoreRig : IDisposable
{
    public const ulong CycleArea = BenchDevices.MemoryBase + 0x1000;

    private readonly List<IDisposable> _owned = new();
    private readonly CancellationTokenSource _stop = new();
    private Thread? _serving;

    private RestoreRig(RestoreTransport transport)
    {
        Transport = transport;
    }

    public RestoreTransport Transport { get; }

    public CountingBus Bus { get; private set; } = null!;

    /// <summary>Null in process.</summary>
    public CountingLink? Link { get; private set; }

    /// <summary>Null in process.</summary>
    public BridgeClient? Client { get; private set; }

    /// <summary>The device set serving the cycle (its counters prove what the device executed).</summary>
    public DeviceSet Devices { get; private set; } = null!;

    public RestoreNoirqCycle Cycle { get; private set; } = null!;

    public static RestoreRig Open(RestoreTransport transport, BridgeClientOptions? options = null)
    {
        var rig = new RestoreRig(transport);
        try
        {
            rig.Connect(options);
            // Over the batched bridge links the cycle speculates (one request per cycle); in process and unbatched
            // every read is answered at once, so there is nothing to speculate about.
            bool speculate = transport is RestoreTransport.TcpBatched or RestoreTransport.Pty;
            rig.Cycle = new RestoreNoirqCycle(rig.Bus, CycleArea, speculate);
            rig.Cycle.Probe();
            rig.ClearCounters();
            return rig;
        }
        catch
        {
            rig.Dispose();
            throw;
        }
    }

    public void ClearCounters()
    {
        Bus.Clear();
        Link?.Clear();
        Devices.Memory.ResetCounters();
    }

    public long RoundTrips => Client?.RoundTrips ?? 0;

    public long Retransmissions => Client?.Retransmissions ?? 0;

    private void Connect(BridgeClientOptions? options)
    {
        if (Transport == RestoreTransport.InProcess)
        {
            Devices = BenchDevices.CreateSet();
            Bus = new CountingBus(new DirectBus(Devices.GetTransport(BenchDevices.TwoQueueSlot)));
            return;
        }

        var board = new EmulatedBoard(BenchDevices.CreateSet, "bench-emulator", "bench");
        IPacketLink link;
        if (Transport == RestoreTransport.Pty)
        {
            var pty = new PseudoTerminal();
            _owned.Add(pty);
            _serving = new Thread(() => board.Serve(pty.Channel, _stop.Token)) { IsBackground = true, Name = "bench-pty-device" };
            _serving.Start();
            link = BridgeEndpoint.Parse("pty:" + pty.SlavePath).Open(TimeSpan.FromSeconds(5));
        }
        else
        {
            var server = new TcpBridgeServer(board, new IPEndPoint(IPAddress.Loopback, 0));
            _owned.Add(server);
            link = BridgeEndpoint.Parse(server.Uri).Open(TimeSpan.FromSeconds(5));
        }

        Link = new CountingLink(link);
        var target = new BridgeTarget(Link, options);
        _owned.Insert(0, target);
        Client = target.Client;
        Devices = board.Server.Devices;
        IVirtioMmioBus bus = target.OpenBus(BenchDevices.TwoQueueSlot);
        Bus = new CountingBus(Transport == RestoreTransport.TcpUnbatched ? new WriteThroughBus(bus) : bus);
    }

    public void Dispose()
    {
        _stop.Cancel();
        foreach (var owned in _owned)
        {
            owned.Dispose();
        }

        _serving?.Join(TimeSpan.FromSeconds(2));
        _stop.Dispose();
    }
}
