using Benchmarks.Restore;

namespace Fuzz.Tests;

/// <summary>
/// Pins the traffic figures docs/performance.md reports for one restore_noirq cycle of a 2-queue device (counts, not
/// timings): if the bridge protocol, the batching or the cycle changes, the documented table must be re-measured.
/// </summary>
public sealed class RestoreTrafficTests
{
    [Fact]
    public void Batched_cycle_over_tcp_takes_1_round_trip_and_669_bytes_before_escapes()
    {
        var row = RestoreCounts.Measure(RestoreTransport.TcpBatched, cycles: 3);

        Assert.Equal(1, row.RoundTrips);
        Assert.Equal(549, row.BytesToDevice);
        Assert.Equal(120, row.BytesToHost);
        Assert.Equal(35, row.RegisterAccesses);
        Assert.Equal(124, row.MemoryBytes);
        Assert.Equal(264, row.PayloadMinimum);
        Assert.Equal(43, row.BridgeOps);
    }

    [Fact]
    public void Unbatched_cycle_takes_a_round_trip_per_bus_call()
    {
        var row = RestoreCounts.Measure(RestoreTransport.TcpUnbatched, cycles: 2);

        Assert.Equal(row.BridgeOps, row.RoundTrips);
        Assert.Equal(1109, row.BytesToDevice);
        Assert.Equal(1064, row.BytesToHost);
    }

    [Fact]
    public void In_process_cycle_touches_the_same_registers_and_allocates_nothing()
    {
        using var rig = RestoreRig.Open(RestoreTransport.InProcess);
        rig.Cycle.Run(); // first run: JIT
        rig.ClearCounters();

        long before = GC.GetAllocatedBytesForCurrentThread();
        rig.Cycle.Run();
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.Equal(35, rig.Bus.RegisterReads + rig.Bus.RegisterWrites);
        Assert.Equal(36, rig.Devices.Memory.DeviceReads + rig.Devices.Memory.DeviceWrites);
    }
}
