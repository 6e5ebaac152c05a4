using System.Net;
using Benchmarks.Restore;
using Benchmarks.Rigs;
using BridgeHost;
using BridgeHost.Emulation;
using LinuxVirtio.Bus;

namespace Benchmarks.Campaign;

public static partial class FaultCampaign
{
    public sealed record RestartOutcome(int Cycles, int Restarts, int Detected, int Recovered, long NewDeviceRequests, long NewDeviceNotifies, string Note)
    {
        public bool AllRecovered => Detected == Restarts && Recovered == Restarts && Restarts == Cycles;

        public override string ToString() =>
            $"device restart mid-restore: {Restarts} restarts injected (one per cycle, after the 12th bus access), " +
            $"{Detected} detected as DeviceRestartedException, {Recovered} recovered (new session, re-probe, full cycle passed); " +
            $"the last new device executed {NewDeviceRequests} request(s) and {NewDeviceNotifies} notify(s) for 1 cycle. {Note}";
    }

    /// <summary>
    /// Restarts the emulated board in the middle of each restore_noirq (after the 12th bus access: between
    /// FEATURES_OK and reset_vqs), then checks that the host detects it, reconnects, re-probes and completes a cycle.
    /// </summary>
    public static RestartOutcome RunRestart(int cycles, BridgeClientOptions options)
    {
        var board = new EmulatedBoard(BenchDevices.CreateSet, "campaign", "bench");
        using var server = new TcpBridgeServer(board, new IPEndPoint(IPAddress.Loopback, 0));
        using var target = BridgeTarget.Open(server.Uri, options);
        int detected = 0;
        int recovered = 0;
        int restarts = 0;
        for (int i = 0; i < cycles; i++)
        {
            var bus = new TriggerBus(target.OpenBus(BenchDevices.TwoQueueSlot), 12, board.Restart);
            var cycle = new RestoreNoirqCycle(bus, RestoreRig.CycleArea, speculate: true);
            bus.Armed = false;
            cycle.Probe();
            bus.Armed = true;
            try
            {
                cycle.Run();
            }
            catch (DeviceRestartedException)
            {
                detected++;
            }

            restarts += bus.Fired ? 1 : 0;
            try
            {
                var fresh = new RestoreNoirqCycle(target.OpenBus(BenchDevices.TwoQueueSlot), RestoreRig.CycleArea, speculate: true);
                fresh.Probe();
                fresh.Run();
                recovered++;
            }
            catch (BusException)
            {
            }
        }

        var device = board.Server.Devices.GetTransport(BenchDevices.TwoQueueSlot);
        return new RestartOutcome(cycles, restarts, detected, recovered, device.RequestsCompleted, device.Notifies,
            "Requests already executed by the old device are lost with it, as on a real power cycle; nothing is replayed onto the new one.");
    }

    /// <summary>Calls an action once, just before the Nth access after it is armed.</summary>
    private sealed class TriggerBus(IVirtioMmioBus inner, int after, Action trigger) : IVirtioMmioBus
    {
        private int _accesses;

        public bool Armed { get; set; }

        public bool Fired { get; private set; }

        public ulong MemoryBase => inner.MemoryBase;

        public int MemorySize => inner.MemorySize;

        public bool InterruptLine => inner.InterruptLine;

        public event Action<bool>? InterruptLineChanged
        {
            add => inner.InterruptLineChanged += value;
            remove => inner.InterruptLineChanged -= value;
        }

        public uint Read(int offset, int width)
        {
            Tick();
            return inner.Read(offset, width);
        }

        public void Write(int offset, int width, uint value)
        {
            Tick();
            inner.Write(offset, width, value);
        }

        public uint ReadModifyWriteOr(int offset, uint bits)
        {
            Tick();
            return inner.ReadModifyWriteOr(offset, bits);
        }

        public void ReadMemory(ulong address, Span<byte> destination)
        {
            Tick();
            inner.ReadMemory(address, destination);
        }

        public void WriteMemory(ulong address, ReadOnlySpan<byte> source)
        {
            Tick();
            inner.WriteMemory(address, source);
        }

        public void Flush() => inner.Flush();

        public void Dispose() => inner.Dispose();

        private void Tick()
        {
            if (!Armed || Fired)
            {
                return;
            }

            if (++_accesses == after)
            {
                Fired = true;
                trigger();
            }
        }
    }
}
