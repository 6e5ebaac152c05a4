using BridgeHost.Protocol;
using VirtioMmio.App;
using VirtioMmio.Bridge;
using VirtioMmio.Devices.Test;
using VirtioMmio.Memory;
using VirtioMmio.Transport;

namespace Bridge.Tests.Support;

/// <summary>
/// The device the worked examples in docs/bridge-protocol.md were produced with: one test-1q slot, window
/// 0x40000000 + 64 KiB, board "doc-board", firmware "1.0", boot id 0x1234abcd, max packet 1024.
/// </summary>
internal static class DocExampleDevice
{
    public const uint BootId = 0x1234ABCD;

    public static BridgeServer Create()
    {
        var set = new DeviceSet(new MemoryWindow(0x40000000, 0x10000), 1);
        set.AddSlot("test-1q", new EchoTestDevice(1, 16), new TransportOptions());
        return new BridgeServer(set, "doc-board", "1.0", BootId, 1024, 4);
    }

    public static string Hex(ReadOnlySpan<byte> bytes) => string.Join(" ", bytes.ToArray().Select(b => b.ToString("x2")));

    public static byte[] Frame(byte[] packet) => Slip.Encode(packet);
}
