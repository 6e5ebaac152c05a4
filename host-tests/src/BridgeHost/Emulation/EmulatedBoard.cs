using System.Security.Cryptography;
using VirtioMmio.App;
using VirtioMmio.Bridge;

namespace BridgeHost.Emulation;

/// <summary>
/// A board in software: the device set built by the same portable code as the firmware, its bridge server, and
/// the serving loop. All device state is touched by one thread at a time (the serving loop, or a caller of
/// <see cref="WithDevices"/>), exactly as on the single-threaded firmware.
/// </summary>
public sealed class EmulatedBoard
{
    private readonly Func<DeviceSet> _createDevices;
    private readonly object _deviceLock = new();
    private readonly Action<string>? _log;

    public EmulatedBoard(Func<DeviceSet> createDevices, string boardId = "emulator", string firmwareVersion = "virtio-emu 1.0",
        int maxPacket = BridgeServer.DefaultMaxPacket, Action<string>? log = null)
    {
        _createDevices = createDevices;
        BoardId = boardId;
        FirmwareVersion = firmwareVersion;
        MaxPacket = maxPacket;
        _log = log;
        Server = CreateServer();
    }

    public string BoardId { get; }

    public string FirmwareVersion { get; }

    public int MaxPacket { get; }

    /// <summary>The current server (replaced by <see cref="Restart"/>).</summary>
    public BridgeServer Server { get; private set; }

    /// <summary>Simulates a power cycle: fresh devices, fresh memory, a new boot id, no session.</summary>
    public void Restart()
    {
        lock (_deviceLock)
        {
            Server = CreateServer();
            _log?.Invoke($"device restarted, boot id {Server.BootId:x8}");
        }
    }

    /// <summary>Runs <paramref name="action"/> with the device set while no request is being served.</summary>
    public T WithDevices<T>(Func<DeviceSet, T> action)
    {
        lock (_deviceLock)
        {
            return action(Server.Devices);
        }
    }

    /// <summary>Serves one channel until it closes or <paramref name="token"/> is cancelled.</summary>
    public void Serve(IByteChannel channel, CancellationToken token)
    {
        BridgeLoop? loop = null;
        while (!token.IsCancellationRequested)
        {
            lock (_deviceLock)
            {
                if (loop == null || loop.Server != Server)
                {
                    loop = new BridgeLoop(Server);
                }

                if (!loop.Poll(channel))
                {
                    return;
                }
            }
        }
    }

    private BridgeServer CreateServer()
    {
        uint bootId;
        do
        {
            bootId = BitConverter.ToUInt32(RandomNumberGenerator.GetBytes(4));
        }
        while (bootId == 0);
        return new BridgeServer(_createDevices(), BoardId, FirmwareVersion, bootId, MaxPacket, BridgeServer.DefaultCacheEntries);
    }
}
