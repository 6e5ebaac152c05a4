using BridgeHost.Emulation;
using VirtioMmio.App;
using VirtioMmio.Memory;
using VirtioMmio.Queue;
using VirtioMmio.Transport;

namespace Bridge.Tests;

/// <summary>A minimal personality for protocol tests that do not depend on request semantics.</summary>
internal sealed class PlainDevice(uint deviceId, int queues) : IVirtioPersonality
{
    public uint DeviceId => deviceId;
    public ulong DeviceFeatures => 0;
    public int QueueCount => queues;
    public ushort GetQueueMaxSize(int queueIndex) => 16;
    public int ConfigSize => 0;
    public byte ReadConfigByte(int offset) => 0;
    public void WriteConfigByte(int offset, byte value) { }
    public void Attach(IDeviceHost host) { }
    public void OnFeaturesNegotiated(ulong driverFeatures) { }
    public void OnReset() { }
    public void HandleRequest(int queueIndex, VirtioRequest request) { }
}

internal static class TestDevices
{
    public const ulong MemoryBase = 0x4000_0000;
    public const int MemorySize = 0x4000;

    public static DeviceSet PlainSet()
    {
        var set = new DeviceSet(new MemoryWindow(MemoryBase, MemorySize), 2);
        set.AddSlot("plain-a", new PlainDevice(0x7FFF, 2), new TransportOptions());
        set.AddSlot("plain-b", new PlainDevice(0x7FFE, 1), new TransportOptions { Version = 1 });
        return set;
    }

    public static EmulatedBoard PlainBoard() => new(PlainSet, "test-board", "fw 0.1");
}
