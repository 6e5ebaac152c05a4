using Bridge.Tests.Support;
using LinuxVirtio.Bus;
using RestoreSuite;

namespace Bridge.Tests;

/// <summary>A device that restarts mid-run is reported as a device restart, not as a protocol failure.</summary>
public class DeviceRestartTests
{
    [Theory]
    [InlineData(LinkKind.InProcess)]
    [InlineData(LinkKind.Tcp)]
    public void A_restart_in_the_middle_of_a_scenario_is_a_device_restart_verdict_and_the_next_run_recovers(LinkKind kind)
    {
        using var rig = BridgeRig.Start(kind);
        var scenario = Scenarios.Find("S2-noirq-happy-path")!;
        uint bootBefore = rig.Target.Client.BootId;

        // Power-cycle the board after the driver's 25th register write: mid-probe.
        var restarting = new RestartAfterWrites(rig.Target, 25, rig.Board.Restart);
        var outcome = scenario.Run(new ScenarioContext(restarting, new KernelOptions()));

        Assert.False(outcome.Passed);
        Assert.True(outcome.DeviceRestarted, outcome.Failure);
        Assert.Contains("restarted", outcome.Failure);
        Assert.Contains($"{bootBefore:x8}", outcome.Failure);
        Assert.Contains($"{rig.Board.Server.BootId:x8}", outcome.Failure);

        var again = scenario.Run(new ScenarioContext(rig.Target, new KernelOptions()));
        Assert.True(again.Passed, again.Failure);
        Assert.Equal(rig.Board.Server.BootId, rig.Target.Client.BootId);
    }

    /// <summary>Passes everything through, and calls <c>restart</c> once after the n-th register write on any bus.</summary>
    private sealed class RestartAfterWrites(ITarget inner, int n, Action restart) : ITarget
    {
        private int _writes;

        public string Description => inner.Description;
        public IReadOnlyList<TargetDevice> Devices => inner.Devices;
        public IVirtioMmioBus OpenBus(int slot) => new Bus(inner.OpenBus(slot), this);
        public DeviceCounters ReadCounters(int slot) => inner.ReadCounters(slot);
        public void Dispose() { }

        private void CountWrite()
        {
            if (++_writes == n)
            {
                restart();
            }
        }

        private sealed class Bus(IVirtioMmioBus inner, RestartAfterWrites owner) : IVirtioMmioBus
        {
            public ulong MemoryBase => inner.MemoryBase;
            public int MemorySize => inner.MemorySize;
            public bool InterruptLine => inner.InterruptLine;

            public event Action<bool>? InterruptLineChanged
            {
                add => inner.InterruptLineChanged += value;
                remove => inner.InterruptLineChanged -= value;
            }

            public uint Read(int offset, int width) => inner.Read(offset, width);

            public void Write(int offset, int width, uint value)
            {
                inner.Write(offset, width, value);
                inner.Flush();
                owner.CountWrite();
            }

            public uint ReadModifyWriteOr(int offset, uint bits) => inner.ReadModifyWriteOr(offset, bits);
            public void ReadMemory(ulong address, Span<byte> destination) => inner.ReadMemory(address, destination);
            public void WriteMemory(ulong address, ReadOnlySpan<byte> source) => inner.WriteMemory(address, source);
            public void Flush() => inner.Flush();
            public void Dispose() => inner.Dispose();
        }
    }
}
