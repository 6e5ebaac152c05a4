using BridgeHost;
using BridgeHost.Emulation;
using BridgeHost.Links;
using BridgeHost.Protocol;
using BridgeHost.Speculation;
using LinuxVirtio.Bus;
using LinuxVirtio.Tracing;
using VirtioMmio.Bridge;
using VirtioMmio.Transport;

namespace Bridge.Tests;

/// <summary>
/// Deferred read-modify-writes, speculated reads and <see cref="SpeculativeRunner"/> over a real bridge (the plain
/// test board): the device executes every access exactly once and in program order, the body sees exactly what the
/// device returned, and a wrong prediction costs a round trip, never a wrong answer.
/// </summary>
public class SpeculationTests
{
    private const int Status = MmioRegisters.Status;
    private static readonly ulong Scratch = TestDevices.MemoryBase + 0x200;

    [Fact]
    public void Deferred_status_steps_and_held_predictions_go_out_in_one_round_trip_with_the_real_values()
    {
        using var bridge = new LoopbackBridge(TestDevices.PlainBoard());
        using var bus = bridge.Target.OpenBus(0);
        var olds = new List<uint>();
        uint seen = 0;
        long before = bridge.Target.Client.RoundTrips;

        bus.Write(Status, 4, 0);
        bus.ReadModifyWriteOrDeferred(Status, DeviceStatus.Acknowledge, olds.Add);
        bus.ReadModifyWriteOrDeferred(Status, DeviceStatus.Driver, olds.Add);
        uint predicted = bus.ReadExpecting(Status, 4, 3, v => seen = v);

        Assert.Equal(3u, predicted);
        Assert.Empty(olds); // nothing has gone out yet
        Assert.Equal(before, bridge.Target.Client.RoundTrips);

        bus.Flush();
        Assert.Equal(new uint[] { 0, 1 }, olds);
        Assert.Equal(3u, seen);
        Assert.Equal(before + 1, bridge.Target.Client.RoundTrips);
    }

    [Fact]
    public void A_wrong_prediction_throws_with_the_real_value_and_nothing_queued_after_it_executes()
    {
        using var bridge = new LoopbackBridge(TestDevices.PlainBoard());
        using var bus = bridge.Target.OpenBus(0);
        bus.WriteMemory(Scratch, new byte[] { 0x5A });
        uint seen = 0xFFFF_FFFF;
        bus.ReadExpecting(Status, 4, 0x0F, v => seen = v);
        bus.WriteMemory(Scratch, new byte[] { 0xA5 });

        var e = Assert.Throws<ExpectationFailedException>(() => bus.Flush());
        Assert.Equal(new byte[] { 0, 0, 0, 0 }, e.Actual);
        Assert.Equal(new byte[] { 0x0F, 0, 0, 0 }, e.Expected);
        Assert.Contains("R 0x070/4", e.Message);
        Assert.Equal(0u, seen);
        Assert.Equal(0x5A, DeviceByte(bridge, Scratch));
    }

    [Fact]
    public void Older_firmware_without_expectation_ops_gets_the_same_answers_one_round_trip_per_prediction()
    {
        using var old = new OldFirmwareBridge();
        using var bus = old.Target.OpenBus(0);
        bus.Write(Status, 4, 0);
        bus.ReadModifyWriteOrDeferred(Status, DeviceStatus.Acknowledge, null);
        uint held = 0;
        bus.ReadExpecting(Status, 4, 1, v => held = v);
        bus.ReadMemoryExpecting(Scratch, new byte[1], new byte[] { 0 }, null);
        bus.Flush();

        Assert.False(old.Target.Client.DeviceChecksExpectations);
        Assert.Equal(1u, held);
        Assert.Equal(1, old.Refusals);

        bus.ReadExpecting(Status, 4, 0x0B, null);
        bus.WriteMemory(Scratch, new byte[] { 0x77 });
        var e = Assert.Throws<ExpectationFailedException>(() => bus.Flush());
        Assert.Equal(new byte[] { 1, 0, 0, 0 }, e.Actual);
        Assert.Equal(0, old.Board.WithDevices(d => ReadByte(d.Memory, Scratch)));
        Assert.Equal(1, old.Refusals); // learnt once
    }

    [Fact]
    public void A_body_whose_predictions_hold_runs_once_in_one_round_trip()
    {
        using var bridge = new LoopbackBridge(TestDevices.PlainBoard());
        using var runner = new SpeculativeRunner(bridge.Target.OpenBus(0));
        int runs = 0;
        long before = bridge.Target.Client.RoundTrips;

        runner.Run(bus =>
        {
            runs++;
            bus.Write(Status, 4, 0);
            bus.ReadModifyWriteOrDeferred(Status, DeviceStatus.Acknowledge, null);
            bus.ReadModifyWriteOrDeferred(Status, DeviceStatus.Driver, null);
            Assert.Equal(3u, bus.ReadExpecting(Status, 4, 3, null));
        });

        Assert.Equal(1, runs);
        Assert.Equal(0, runner.Mispredictions);
        Assert.Equal(before + 1, bridge.Target.Client.RoundTrips);
        Assert.Equal(3u, bridge.Board.WithDevices(d => d.GetTransport(0).Status));
    }

    [Fact]
    public void A_misprediction_reruns_the_body_from_the_journal_and_the_device_executes_each_access_once()
    {
        using var bridge = new LoopbackBridge(TestDevices.PlainBoard());
        using var runner = new SpeculativeRunner(bridge.Target.OpenBus(0));
        var seenByBody = new List<uint>();
        uint resetsBefore = bridge.Target.ReadCounters(0).Resets;
        long before = bridge.Target.Client.RoundTrips;

        runner.Run(bus =>
        {
            bus.Write(Status, 4, 0);
            bus.ReadModifyWriteOrDeferred(Status, DeviceStatus.Acknowledge, null);
            uint status = bus.ReadExpecting(Status, 4, 3, null); // wrong: DRIVER was never added
            seenByBody.Add(status);
            bus.WriteMemory(Scratch, new[] { status == 3 ? (byte)0xAA : (byte)0xBB });
            bus.ReadModifyWriteOrDeferred(Status, DeviceStatus.Driver, null);
        });

        Assert.Equal(new uint[] { 3, 1 }, seenByBody); // the guess, then the device's real answer
        Assert.Equal(1, runner.Mispredictions);
        Assert.Equal(0xBB, DeviceByte(bridge, Scratch));
        Assert.Equal(3u, bridge.Board.WithDevices(d => d.GetTransport(0).Status));
        Assert.Equal(resetsBefore + 1, bridge.Target.ReadCounters(0).Resets); // the reset ran once, not once per run
        Assert.Equal(before + 2 + 1, bridge.Target.Client.RoundTrips); // two runs, plus the counter read after them
    }

    [Fact]
    public void A_poll_that_needs_several_reads_converges_and_every_side_effect_happens_once()
    {
        using var bridge = new LoopbackBridge(TestDevices.PlainBoard());
        bridge.Board.WithDevices(d => d.Memory.HostWrite(Scratch, new byte[] { 5 }, 0, 1));
        using var runner = new SpeculativeRunner(bridge.Target.OpenBus(0));
        uint resetsBefore = bridge.Target.ReadCounters(0).Resets;

        // Each round resets the device (counted at the device) and bumps the byte until it reads 7.
        runner.Run(bus =>
        {
            var value = new byte[1];
            for (int round = 0; round < 10; round++)
            {
                bus.Write(Status, 4, 0);
                bus.ReadMemoryExpecting(Scratch, value, new byte[] { 7 }, null);
                if (value[0] == 7)
                {
                    return;
                }

                bus.WriteMemory(Scratch, new[] { (byte)(value[0] + 1) });
            }

            throw new InvalidOperationException("never reached 7");
        });

        Assert.Equal(7, DeviceByte(bridge, Scratch));
        Assert.Equal(2, runner.Mispredictions); // read 5, read 6
        Assert.Equal(resetsBefore + 3, bridge.Target.ReadCounters(0).Resets);
    }

    [Fact]
    public void A_body_that_does_not_repeat_its_accesses_is_refused()
    {
        using var bridge = new LoopbackBridge(TestDevices.PlainBoard());
        using var runner = new SpeculativeRunner(bridge.Target.OpenBus(0));
        int run = 0;

        var e = Assert.Throws<InvalidOperationException>(() => runner.Run(bus =>
        {
            bus.Write(MmioRegisters.QueueSel, 4, (uint)run++); // differs between runs
            bus.ReadExpecting(Status, 4, 0x0F, null);
        }));

        Assert.Contains("not deterministic", e.Message);
    }

    [Fact]
    public void Deferred_status_steps_are_traced_in_order_with_real_values_once_the_trace_is_read()
    {
        using var bridge = new LoopbackBridge(TestDevices.PlainBoard());
        var trace = new TraceRecorder();
        using var bus = new TracingBus(bridge.Target.OpenBus(0), trace);
        var observed = new List<TraceEntry>();
        bus.Recorded += observed.Add;

        bus.Write(Status, 4, 0);
        bus.ReadModifyWriteOrDeferred(Status, DeviceStatus.Acknowledge, null);
        bus.Write(MmioRegisters.QueueSel, 4, 0);

        Assert.Single(observed); // held back behind the unanswered read-modify-write
        Assert.Equal(2, trace.PendingCount);
        long before = bridge.Target.Client.RoundTrips;

        var entries = trace.Entries; // reading the trace completes the deferred accesses first
        Assert.Equal(before + 1, bridge.Target.Client.RoundTrips);
        Assert.Equal(0, trace.PendingCount);
        Assert.Equal(
            new[] { (TraceKind.Write, 0u), (TraceKind.Read, 0u), (TraceKind.Write, 1u), (TraceKind.Write, 0u) },
            entries.Select(x => (x.Kind, x.Value)).ToArray());
        Assert.Equal(entries.Select(x => x.Seq), observed.Select(x => x.Seq));
        Assert.DoesNotContain(entries, x => x.Note == TraceRecorder.PendingNote);
    }

    private static byte DeviceByte(LoopbackBridge bridge, ulong address) => bridge.Board.WithDevices(d => ReadByte(d.Memory, address));

    private static byte ReadByte(VirtioMmio.Memory.MemoryWindow memory, ulong address)
    {
        var b = new byte[1];
        Assert.True(memory.HostRead(address, b, 0, 1));
        return b[0];
    }

    /// <summary>
    /// The plain board behind a link that turns every expectation op into an unknown op code, as firmware from before
    /// READ_EXPECT/MEM_EXPECT would see it: the device refuses the whole request and executes nothing.
    /// </summary>
    private sealed class OldFirmwareBridge : IDisposable
    {
        private readonly InProcessLink _link = new();
        private readonly CancellationTokenSource _stop = new();
        private readonly Thread _serving;

        public OldFirmwareBridge()
        {
            Board = TestDevices.PlainBoard();
            _serving = new Thread(() => Board.Serve(_link.DeviceChannel, _stop.Token)) { IsBackground = true };
            _serving.Start();
            Target = new BridgeTarget(new Rewriting(new StreamPacketLink(_link.HostStream, "old firmware"), this));
        }

        public EmulatedBoard Board { get; }

        public BridgeTarget Target { get; }

        public int Refusals { get; private set; }

        public void Dispose()
        {
            Target.Dispose();
            _stop.Cancel();
            _link.Dispose();
            _serving.Join(TimeSpan.FromSeconds(2));
        }

        private sealed class Rewriting(IPacketLink inner, OldFirmwareBridge owner) : IPacketLink
        {
            public string Description => inner.Description;

            public void Send(ReadOnlySpan<byte> packet)
            {
                var request = BridgeCodec.DecodeRequest(packet);
                int at = BridgeProtocol.RequestHeaderLength;
                foreach (var op in request.Ops)
                {
                    if (op is ReadExpectOp or MemExpectOp)
                    {
                        byte[] copy = packet.ToArray();
                        copy[at] = 0xEE;
                        BridgeCodec.AppendCrc(copy);
                        owner.Refusals++;
                        inner.Send(copy);
                        return;
                    }

                    at += op.EncodedLength;
                }

                inner.Send(packet);
            }

            public bool TryReceive(TimeSpan timeout, out byte[] packet) => inner.TryReceive(timeout, out packet);

            public void Dispose() => inner.Dispose();
        }
    }
}
