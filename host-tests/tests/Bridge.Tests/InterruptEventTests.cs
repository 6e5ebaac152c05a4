using Bridge.Tests.Support;
using VirtioMmio.App;

namespace Bridge.Tests;

/// <summary>Interrupt-line changes the device makes on its own reach an idle host as unsolicited events.</summary>
public class InterruptEventTests
{
    [Theory]
    [InlineData(LinkKind.InProcess)]
    [InlineData(LinkKind.Tcp)]
    public void A_device_side_config_change_reaches_the_idle_host_as_an_event(LinkKind kind)
    {
        using var rig = BridgeRig.Start(kind);
        using var bus = rig.Target.OpenBus(StandardDeviceSet.Test1QSlot);
        new VirtioProbe(bus, bus.MemoryBase + 0x3000).Probe();
        var edges = new List<bool>();
        bus.InterruptLineChanged += edges.Add;
        Assert.False(bus.InterruptLine);
        long trips = rig.Target.Client.RoundTrips;

        // Device-side, not through the bridge: like a board's own event while the host does nothing.
        Assert.True(rig.Board.WithDevices(d => d.TryChangeConfig(StandardDeviceSet.Test1QSlot)));

        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (!bus.InterruptLine)
        {
            Assert.True(DateTime.UtcNow < deadline, "no interrupt event arrived");
            Thread.Sleep(5);
        }

        Assert.Equal(new[] { true }, edges);
        Assert.Equal(trips, rig.Target.Client.RoundTrips); // learnt from the event alone, no request sent
        Assert.Equal(2u, bus.Read(VirtioProbe.InterruptStatus, 4)); // INT_CONFIG
        bus.Write(VirtioProbe.InterruptAck, 4, 2);
        bus.Flush();
        Assert.False(bus.InterruptLine);
        Assert.Equal(new[] { true, false }, edges);
    }
}
