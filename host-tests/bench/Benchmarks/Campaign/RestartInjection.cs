using System.Net;
using Benchmarks.Rigs;
using BridgeHost;
using BridgeHost.Emulation;
using LinuxVirtio.Bus;
using RestoreSuite;
using VirtioMmio.Transport;

namespace Benchmarks.Campaign;

/// <summary>
/// A device restart injected in the middle of a restore: the board is power-cycled right after the driver's last
/// reset (W Status=0) of the scenario, i.e. inside restore_noirq's bring-up. The run must end as "device
/// restarted" (not a protocol verdict), the host must reconnect, and the same scenario must then pass on the new
/// device, which executes it exactly once.
/// </summary>
public static class RestartInjection
{
    public sealed record Outcome(string Scenario, int ResetWrite, bool ReportedAsRestart, string? Failure, bool RerunPassed, long[] NewDeviceCounters, long[] ReferenceCounters)
    {
        public bool ExactlyOnce => NewDeviceCounters.SequenceEqual(ReferenceCounters);

        public override string ToString() =>
            $"{Scenario}: board restarted after reset write #{ResetWrite} (inside restore_noirq); reported as device restart: {ReportedAsRestart} " +
            $"({Failure}); rerun on the new device passed: {RerunPassed}; new device's counters equal a fresh board's for one run: {ExactlyOnce} " +
            $"[{string.Join(",", NewDeviceCounters)}]";
    }

    public static Outcome Run(string scenarioName, BridgeClientOptions options)
    {
        IScenario scenario = Scenarios.Find(scenarioName) ?? throw new ArgumentException($"no scenario {scenarioName}");

        // Reference: how many resets the scenario writes, and what one clean run leaves in the device counters.
        var reference = new EmulatedBoard(SuiteDevices.CreateSet, "reference", "bench");
        int resets;
        long[] referenceCounters;
        using (var server = new TcpBridgeServer(reference, new IPEndPoint(IPAddress.Loopback, 0)))
        using (var target = BridgeTarget.Open(server.Uri, options))
        {
            var counting = new InterceptingTarget(target, bus => new ResetTrigger(bus, int.MaxValue, () => { }));
            var outcome = scenario.Run(new ScenarioContext(counting, new KernelOptions()) { RegulatorTree = SuiteCampaign.GuestTree(reference) });
            if (!outcome.Passed)
            {
                throw new InvalidOperationException($"{scenarioName} fails without faults: {outcome.Failure}");
            }

            resets = counting.ResetWrites;
            referenceCounters = SuiteCampaign.Counters(reference.Server.Devices);
        }

        var board = new EmulatedBoard(SuiteDevices.CreateSet, "campaign", "bench");
        using var live = new TcpBridgeServer(board, new IPEndPoint(IPAddress.Loopback, 0));
        using var bridge = BridgeTarget.Open(live.Uri, options);
        var injecting = new InterceptingTarget(bridge, bus => new ResetTrigger(bus, resets, board.Restart));
        var tree = SuiteCampaign.GuestTree(board);
        var first = scenario.Run(new ScenarioContext(injecting, new KernelOptions()) { RegulatorTree = tree });
        var rerun = scenario.Run(new ScenarioContext(bridge, new KernelOptions()) { RegulatorTree = tree });
        return new Outcome(scenarioName, resets, first.DeviceRestarted && !first.Passed, first.Failure, rerun.Passed,
            SuiteCampaign.Counters(board.Server.Devices), referenceCounters);
    }

    /// <summary>An ITarget whose buses are wrapped; counts the driver's reset writes across all of them.</summary>
    private sealed class InterceptingTarget(ITarget inner, Func<IVirtioMmioBus, ResetTrigger> wrap) : ITarget
    {
        private readonly List<ResetTrigger> _buses = new();

        public int ResetWrites => _buses.Sum(b => b.ResetWrites);

        public string Description => inner.Description;

        public IReadOnlyList<TargetDevice> Devices => inner.Devices;

        public IVirtioMmioBus OpenBus(int slot)
        {
            var bus = wrap(inner.OpenBus(slot));
            bus.Offset = ResetWrites;
            _buses.Add(bus);
            return bus;
        }

        public DeviceCounters ReadCounters(int slot) => inner.ReadCounters(slot);

        public void Dispose()
        {
        }
    }

    /// <summary>Calls the trigger right after the Nth write of 0 to Status (counting from <see cref="Offset"/>).</summary>
    private sealed class ResetTrigger(IVirtioMmioBus inner, int fireAt, Action trigger) : IVirtioMmioBus
    {
        public int Offset { get; set; }

        public int ResetWrites { get; private set; }

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
            if (offset == MmioRegisters.Status && value == 0)
            {
                ResetWrites++;
                if (Offset + ResetWrites == fireAt)
                {
                    inner.Flush();
                    trigger();
                }
            }
        }

        public uint ReadModifyWriteOr(int offset, uint bits) => inner.ReadModifyWriteOr(offset, bits);

        public void ReadMemory(ulong address, Span<byte> destination) => inner.ReadMemory(address, destination);

        public void WriteMemory(ulong address, ReadOnlySpan<byte> source) => inner.WriteMemory(address, source);

        public void Flush() => inner.Flush();

        public void Dispose() => inner.Dispose();
    }
}
