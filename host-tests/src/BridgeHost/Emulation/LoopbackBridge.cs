using BridgeHost.Links;

namespace BridgeHost.Emulation;

/// <summary>
/// An emulated board served over an in-memory byte pipe, with a <see cref="BridgeTarget"/> on the other end:
/// the whole bridge (framing, CRC, sessions, batching) in one process, no sockets.
/// </summary>
public sealed class LoopbackBridge : IDisposable
{
    private readonly InProcessLink _link = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Thread _serving;

    public LoopbackBridge(EmulatedBoard board, BridgeClientOptions? options = null)
    {
        Board = board;
        _serving = new Thread(() => board.Serve(_link.DeviceChannel, _stop.Token)) { IsBackground = true, Name = "loopback-device" };
        _serving.Start();
        Target = new BridgeTarget(new StreamPacketLink(_link.HostStream, "in-process bridge"), options, "in-process bridge");
    }

    public EmulatedBoard Board { get; }

    public BridgeTarget Target { get; }

    public void Dispose()
    {
        Target.Dispose();
        _stop.Cancel();
        _link.Dispose();
        _serving.Join(TimeSpan.FromSeconds(2));
        _stop.Dispose();
    }
}
