using System.Net;
using BridgeHost;
using BridgeHost.Emulation;
using BridgeHost.Faults;
using BridgeHost.Protocol;
using LinuxVirtio.Bus;

namespace Bridge.Tests;

/// <summary>The host client and bus against an emulated board, over the in-process pipe and over TCP.</summary>
public class ClientTests
{
    [Fact]
    public void Target_describes_the_slots_and_the_shared_memory_window()
    {
        using var bridge = new LoopbackBridge(TestDevices.PlainBoard());
        var target = bridge.Target;
        Assert.Equal(2, target.Devices.Count);
        Assert.Equal(new RestoreSuite.TargetDevice(1, "plain-b", 0x7FFE, 1, 1), target.Devices[1]);
        using var bus = target.OpenBus(0);
        Assert.Equal(TestDevices.MemoryBase, bus.MemoryBase);
        Assert.Equal(TestDevices.MemorySize, bus.MemorySize);
        Assert.Equal(bridge.Board.Server.BootId, target.Client.BootId);
    }

    [Fact]
    public void Memory_written_through_one_slot_is_seen_by_the_device_and_through_every_slot()
    {
        using var bridge = new LoopbackBridge(TestDevices.PlainBoard());
        using var bus0 = bridge.Target.OpenBus(0);
        using var bus1 = bridge.Target.OpenBus(1);
        var data = new byte[3000]; // several packets' worth: chunked and batched
        new Random(5).NextBytes(data);
        ulong address = TestDevices.MemoryBase + 0x100;
        bus0.WriteMemory(address, data);
        bus0.Flush();

        var onDevice = new byte[data.Length];
        bridge.Board.WithDevices(d => d.Memory.HostRead(address, onDevice, 0, onDevice.Length));
        Assert.Equal(data, onDevice);

        var readBack = new byte[data.Length];
        bus1.ReadMemory(address, readBack);
        Assert.Equal(data, readBack);
    }

    [Fact]
    public void Deferred_writes_go_out_with_the_next_read_in_one_round_trip()
    {
        using var bridge = new LoopbackBridge(TestDevices.PlainBoard());
        using var bus = bridge.Target.OpenBus(0);
        long before = bridge.Target.Client.RoundTrips;
        for (int i = 0; i < 20; i++)
        {
            bus.WriteMemory(TestDevices.MemoryBase + (ulong)(i * 8), new byte[] { (byte)i });
        }

        Assert.Equal(before, bridge.Target.Client.RoundTrips); // nothing sent yet
        var b = new byte[1];
        bus.ReadMemory(TestDevices.MemoryBase + 19 * 8, b);
        Assert.Equal(19, b[0]);
        Assert.Equal(before + 1, bridge.Target.Client.RoundTrips);
    }

    [Fact]
    public void Accesses_outside_the_window_or_register_limits_are_refused_on_the_host()
    {
        using var bridge = new LoopbackBridge(TestDevices.PlainBoard());
        using var bus = bridge.Target.OpenBus(0);
        Assert.Throws<ArgumentOutOfRangeException>(() => bus.WriteMemory(TestDevices.MemoryBase + TestDevices.MemorySize - 1, new byte[2]));
        Assert.Throws<ArgumentOutOfRangeException>(() => bus.ReadMemory(TestDevices.MemoryBase - 1, new byte[1]));
        Assert.Throws<ArgumentOutOfRangeException>(() => bus.Read(0x1000, 4));
        Assert.Throws<ArgumentOutOfRangeException>(() => bus.Write(0, 3, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => bridge.Target.OpenBus(2));
    }

    [Fact]
    public void A_device_restart_is_reported_as_such_and_the_next_bus_opens_a_new_session()
    {
        using var bridge = new LoopbackBridge(TestDevices.PlainBoard());
        using var bus = bridge.Target.OpenBus(0);
        uint oldBoot = bridge.Target.Client.BootId;
        bridge.Board.Restart();
        var e = Assert.Throws<DeviceRestartedException>(() => bus.ReadMemory(TestDevices.MemoryBase, new byte[4]));
        Assert.Equal(oldBoot, e.OldBootId);
        Assert.Equal(bridge.Board.Server.BootId, e.NewBootId);
        Assert.Throws<DeviceRestartedException>(() => bus.ReadMemory(TestDevices.MemoryBase, new byte[4]));

        using var again = bridge.Target.OpenBus(0);
        again.ReadMemory(TestDevices.MemoryBase, new byte[4]);
        Assert.Equal(bridge.Board.Server.BootId, bridge.Target.Client.BootId);
    }

    [Fact]
    public void Counters_come_from_the_device_over_the_bridge()
    {
        using var bridge = new LoopbackBridge(TestDevices.PlainBoard());
        var counters = bridge.Target.ReadCounters(1);
        Assert.Equal(new RestoreSuite.DeviceCounters(0, 0, 0, 0), counters);
        Assert.Throws<BridgeOperationException>(() => bridge.Target.ReadCounters(5));
    }

    [Fact]
    public void Over_TCP_through_a_faulty_link_every_request_executes_exactly_once()
    {
        var board = TestDevices.PlainBoard();
        using var server = new TcpBridgeServer(board, new IPEndPoint(IPAddress.Loopback, 0));
        using var proxy = new TcpFaultProxy("127.0.0.1", server.Port, FaultOptions.Uniform(0.10, seed: 42));
        var options = new BridgeClientOptions { ReplyTimeout = TimeSpan.FromMilliseconds(60), MaxAttempts = 40 };
        using var target = BridgeTarget.Open(proxy.Uri, options);
        using var bus = target.OpenBus(0);
        uint executedAfterHello = board.Server.RequestsExecuted;
        long tripsAfterHello = target.Client.RoundTrips;

        // A counter kept in device memory: read, increment, write. A replayed write would be harmless, but a
        // re-executed request shows up in the device's own count, which must equal the host's.
        var cell = new byte[4];
        for (int i = 0; i < 150; i++)
        {
            bus.ReadMemory(TestDevices.MemoryBase, cell);
            BitConverter.GetBytes(BitConverter.ToUInt32(cell) + 1).CopyTo(cell, 0);
            bus.WriteMemory(TestDevices.MemoryBase, cell);
        }

        bus.Flush();
        bus.ReadMemory(TestDevices.MemoryBase, cell);
        Assert.Equal(150u, BitConverter.ToUInt32(cell));
        Assert.Equal(target.Client.RoundTrips - tripsAfterHello, board.Server.RequestsExecuted - executedAfterHello);
        Assert.True(target.Client.Retransmissions > 0, "the faults must have forced retransmissions");
        foreach (var stats in new[] { proxy.ToDevice, proxy.ToHost })
        {
            Assert.True(stats.Dropped > 0 && stats.Corrupted > 0 && stats.Duplicated > 0 && stats.Delayed > 0 && stats.Reordered > 0, stats.ToString());
        }
    }
}

public class ChangeConfigTests
{
    [Fact]
    public void Config_changes_can_be_triggered_on_echo_devices_only()
    {
        using var rig = Support.BridgeRig.Start(Support.LinkKind.InProcess);
        var target = rig.Target;
        Assert.True(target.TryChangeConfig(VirtioMmio.App.StandardDeviceSet.Test1QSlot));
        Assert.False(target.TryChangeConfig(VirtioMmio.App.StandardDeviceSet.ClockSlot));
        Assert.Throws<BridgeOperationException>(() => target.TryChangeConfig(9));
        uint generation = rig.Board.WithDevices(d => d.GetTransport(VirtioMmio.App.StandardDeviceSet.Test1QSlot).Read(0x0fc, 4, out uint g) == VirtioMmio.Transport.MmioAccessResult.Ok ? g : 0xdead);
        Assert.Equal(1u, generation);
    }
}
