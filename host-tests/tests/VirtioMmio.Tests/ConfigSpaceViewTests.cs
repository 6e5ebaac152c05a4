using VirtioMmio.Memory;
using VirtioMmio.Transport;

namespace VirtioMmio.Tests;

/// <summary>
/// The <see cref="IConfigSpaceView"/> fast path must be invisible to the driver: every config read gives the same
/// result and value as the byte-by-byte <see cref="IVirtioPersonality.ReadConfigByte"/> path, follows in-place
/// updates, and a view that breaks its contract is refused at construction.
/// </summary>
public class ConfigSpaceViewTests
{
    private static readonly byte[] Pattern = [0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0x99, 0xaa, 0xbb, 0xcc];

    [Fact]
    public void EveryReadMatchesTheByteByBytePath()
    {
        MmioTransport plain = Create(new ByteConfigDevice((byte[])Pattern.Clone()));
        MmioTransport viewed = Create(new ViewConfigDevice((byte[])Pattern.Clone()));
        int compared = 0;
        for (int offset = MmioRegisters.Config - 4; offset < MmioRegisters.Config + Pattern.Length + 8; offset++)
        {
            foreach (int width in new[] { 0, 1, 2, 3, 4, 8 })
            {
                MmioAccessResult expected = plain.Read(offset, width, out uint expectedValue);
                MmioAccessResult actual = viewed.Read(offset, width, out uint actualValue);
                Assert.Equal(expected, actual);
                Assert.Equal(expectedValue, actualValue);
                compared += expected == MmioAccessResult.Ok ? 1 : 0;
            }
        }

        // 12 u8, 6 u16 and 3 u32 in range (plus ConfigGeneration at 0xfc, below Config).
        Assert.Equal(12 + 6 + 3 + 1, compared);
        viewed.Read(MmioRegisters.Config + 4, 4, out uint word);
        Assert.Equal(0x88776655u, word);
    }

    [Fact]
    public void ReadsFollowInPlaceUpdates()
    {
        var device = new ViewConfigDevice((byte[])Pattern.Clone());
        MmioTransport transport = Create(device);
        device.Config[2] = 0xEE;
        Assert.Equal(MmioAccessResult.Ok, transport.Read(MmioRegisters.Config, 4, out uint value));
        Assert.Equal(0x44EE2211u, value);
    }

    [Fact]
    public void ViewOfTheWrongSizeIsRefusedAtConstruction()
    {
        Assert.Throws<ArgumentException>(() => Create(new ViewConfigDevice(new byte[4], configSize: 8)));
        Assert.Throws<ArgumentException>(() => Create(new ViewConfigDevice(null!, configSize: 0)));
    }

    private static MmioTransport Create(IVirtioPersonality device) =>
        new(device, new MemoryWindow(0x1000, 0x1000), new TransportOptions());

    private class ByteConfigDevice(byte[] config, int? configSize = null) : IVirtioPersonality
    {
        public byte[] Config { get; } = config;
        public uint DeviceId => 1;
        public ulong DeviceFeatures => 0;
        public int QueueCount => 1;
        public int ConfigSize => configSize ?? Config.Length;
        public ushort GetQueueMaxSize(int queueIndex) => 8;
        public byte ReadConfigByte(int offset) => Config[offset];
        public void WriteConfigByte(int offset, byte value) { }
        public void Attach(IDeviceHost host) { }
        public void OnFeaturesNegotiated(ulong driverFeatures) { }
        public void OnReset() { }
        public void HandleRequest(int queueIndex, VirtioMmio.Queue.VirtioRequest request) { }
    }

    private sealed class ViewConfigDevice(byte[] config, int? configSize = null) : ByteConfigDevice(config, configSize), IConfigSpaceView
    {
        public byte[] ConfigSpace => Config;
    }
}
