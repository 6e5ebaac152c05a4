using Bridge.Tests.Support;
using VirtioMmio.App;

namespace Bridge.Tests;

/// <summary>Real register and ring traffic (probe, echo requests, a restore sequence) over every link kind.</summary>
public class TransportTests
{
    [Theory]
    [InlineData(LinkKind.InProcess)]
    [InlineData(LinkKind.Tcp)]
    [InlineData(LinkKind.TcpWithFaults)]
    public void Probe_echo_and_restore_run_exactly_once_over(LinkKind kind) => ProbeEchoRestore(kind);

    [LinkFact(LinkKind.Pty)]
    public void Probe_echo_and_restore_run_exactly_once_over_a_pty_opened_as_a_serial_port() => ProbeEchoRestore(LinkKind.Pty);

    [LinkFact(LinkKind.SocatPair)]
    public void Probe_echo_and_restore_run_exactly_once_over_a_socat_pty_pair_serial_on_both_ends() => ProbeEchoRestore(LinkKind.SocatPair);

    private static void ProbeEchoRestore(LinkKind kind)
    {
        using var rig = BridgeRig.Start(kind);
        var target = rig.Target;
        Assert.Equal(new[] { "clock", "regulator", "test-2q", "test-1q", "test-legacy" }, target.Devices.Select(d => d.Kind));

        foreach (int slot in new[] { StandardDeviceSet.Test2QSlot, StandardDeviceSet.Test1QSlot })
        {
            using var bus = target.OpenBus(slot);
            var probe = new VirtioProbe(bus, bus.MemoryBase + (ulong)(0x1000 * slot));
            probe.Probe();
            var random = new Random(slot);
            for (int i = 0; i < 16; i++)
            {
                var payload = new byte[random.Next(1, 64)];
                random.NextBytes(payload);
                Assert.Equal(payload, probe.Echo(payload));
                if (i == 8)
                {
                    // A noirq restore in the middle: reset, renegotiate, reset_vqs, DRIVER_OK.
                    long trips = target.Client.RoundTrips;
                    probe.Initialise();
                    // Only accesses that need an answer cost a round trip (1 read after reset, 4 add_status,
                    // 1 feature read, 1 Status read); every write and ring re-init rides along with them.
                    Assert.Equal(7, target.Client.RoundTrips - trips);
                }
            }

            var counters = target.ReadCounters(slot);
            Assert.Equal(probe.NotifiesSent, counters.Notifies);
            Assert.Equal(probe.NotifiesSent, counters.RequestsCompleted);
            Assert.Equal(2u, counters.Resets); // the probe's and the restore's: a replayed Status=0 write would add one
            Assert.True(probe.InterruptEdges > 0, "used-buffer interrupts must reach the host");
        }

        var clock = target.ReadCounters(StandardDeviceSet.ClockSlot);
        Assert.Equal(0u, clock.Notifies);
    }
}
