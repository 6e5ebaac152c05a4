using BridgeHost.Protocol;
using VirtioMmio.App;
using VirtioMmio.Bridge;

namespace Bridge.Tests;

/// <summary>The device end, packet in, packet out: sessions, the reply cache, batches and every refusal.</summary>
public class ServerTests
{
    private const ushort Session = 0x1234;
    private readonly DeviceSet _devices = TestDevices.PlainSet();
    private readonly BridgeServer _server;

    public ServerTests()
    {
        _server = new BridgeServer(_devices, "test-board", "fw 0.1", 0xB007_0001, 256, 4);
    }

    private ReplyPacket Send(byte[] request)
    {
        int n = _server.Handle(request, request.Length);
        Assert.True(n > 0, "the device must answer every non-empty frame");
        return BridgeCodec.DecodeReply(_server.ReplyBuffer.AsSpan(0, n));
    }

    private ReplyPacket Send(ushort seq, params BridgeOp[] ops) => Send(BridgeCodec.EncodeRequest(Session, seq, ops));

    private void OpenSession() => Assert.Equal(BridgeError.Ok, Send(1, new HelloOp()).Status);

    private byte[] Memory(ulong address, int length)
    {
        var bytes = new byte[length];
        Assert.True(_devices.Memory.HostRead(address, bytes, 0, length));
        return bytes;
    }

    [Fact]
    public void Hello_opens_a_session_and_describes_every_slot()
    {
        var reply = Send(7, new HelloOp());
        Assert.Equal(BridgeError.Ok, reply.Status);
        Assert.Equal(Session, reply.Session);
        Assert.Equal((ushort)7, reply.Seq);
        Assert.Equal(0xB0070001u, reply.BootId);
        var info = ((HelloResult)BridgeCodec.DecodeResults(reply, new BridgeOp[] { new HelloOp() })[0]).Info;
        Assert.Equal(1, info.ProtocolVersion);
        Assert.Equal(256, info.MaxPacket);
        Assert.Equal(4, info.ReplyCacheEntries);
        Assert.Equal(TestDevices.MemoryBase, info.MemoryBase);
        Assert.Equal((uint)TestDevices.MemorySize, info.MemorySize);
        Assert.Equal("test-board", info.BoardId);
        Assert.Equal("fw 0.1", info.FirmwareVersion);
        Assert.Collection(info.Slots,
            s => Assert.Equal(("plain-a", 0x7FFFu, 2, 2), (s.Kind, s.DeviceId, s.Version, s.QueueCount)),
            s => Assert.Equal(("plain-b", 0x7FFEu, 1, 1), (s.Kind, s.DeviceId, s.Version, s.QueueCount)));
        Assert.Equal(Session, _server.Session);
    }

    [Fact]
    public void Requests_without_a_session_are_refused_and_execute_nothing()
    {
        var reply = Send(1, new MemWriteOp(TestDevices.MemoryBase, new byte[] { 1, 2, 3 }));
        Assert.Equal(BridgeError.NoSession, reply.Status);
        Assert.Equal(0, reply.ResultCount);
        Assert.Equal(new byte[3], Memory(TestDevices.MemoryBase, 3));
        Assert.Equal(0u, _server.RequestsExecuted);
    }

    [Fact]
    public void A_retransmitted_request_is_answered_from_the_cache_and_not_executed_again()
    {
        OpenSession();
        byte[] request = BridgeCodec.EncodeRequest(Session, 2, new BridgeOp[]
        {
            new MemWriteOp(TestDevices.MemoryBase + 0x10, new byte[] { 0xAA }),
            new MemReadOp(TestDevices.MemoryBase + 0x10, 1),
        });
        int first = _server.Handle(request, request.Length);
        byte[] firstReply = _server.ReplyBuffer[..first];
        uint executed = _server.RequestsExecuted;

        // The driver's next write changes the byte; a replayed old request must not write 0xAA again.
        Assert.Equal(BridgeError.Ok, Send(3, new MemWriteOp(TestDevices.MemoryBase + 0x10, new byte[] { 0x55 })).Status);
        int again = _server.Handle(request, request.Length);

        Assert.Equal(firstReply, _server.ReplyBuffer[..again]);
        Assert.Equal(executed + 1, _server.RequestsExecuted);
        Assert.Equal(1u, _server.RepliesFromCache);
        Assert.Equal(new byte[] { 0x55 }, Memory(TestDevices.MemoryBase + 0x10, 1));
    }

    [Fact]
    public void An_old_sequence_number_that_is_no_longer_cached_is_refused_as_stale()
    {
        OpenSession();
        for (ushort seq = 2; seq < 10; seq++)
        {
            Assert.Equal(BridgeError.Ok, Send(seq, new StatsOp(0)).Status);
        }

        var reply = Send(3, new MemWriteOp(TestDevices.MemoryBase, new byte[] { 9 }));
        Assert.Equal(BridgeError.Stale, reply.Status);
        Assert.Equal(new byte[1], Memory(TestDevices.MemoryBase, 1));
    }

    [Fact]
    public void A_batch_stops_at_the_first_failing_op_with_a_result_per_executed_op()
    {
        OpenSession();
        ulong end = TestDevices.MemoryBase + TestDevices.MemorySize;
        var ops = new BridgeOp[]
        {
            new MemWriteOp(TestDevices.MemoryBase, new byte[] { 1 }),
            new MemWriteOp(end - 1, new byte[] { 2, 3 }),           // crosses the end of the window
            new MemWriteOp(TestDevices.MemoryBase + 1, new byte[] { 4 }),
        };
        var reply = Send(2, ops);
        Assert.Equal(BridgeError.OutOfWindow, reply.Status);
        var results = BridgeCodec.DecodeResults(reply, ops);
        Assert.Equal(2, results.Count);
        Assert.IsType<MemWriteResult>(results[0]);
        Assert.Equal(BridgeError.OutOfWindow, Assert.IsType<FailedResult>(results[1]).Error);
        Assert.Equal(new byte[] { 1, 0 }, Memory(TestDevices.MemoryBase, 2));
        Assert.Equal(new byte[] { 0 }, Memory(end - 1, 1));
    }

    [Theory]
    [InlineData(5, 1, 0x000, BridgeError.BadSlot)]
    [InlineData(0, 3, 0x000, BridgeError.BadWidth)]
    [InlineData(0, 8, 0x000, BridgeError.BadWidth)]
    [InlineData(0, 4, 0x1000, BridgeError.BadOffset)]
    public void Register_ops_outside_the_bridge_limits_fail_with_their_code(byte slot, byte width, ushort offset, BridgeError expected)
    {
        OpenSession();
        foreach (BridgeOp op in new BridgeOp[] { new ReadOp(slot, width, offset), new WriteOp(slot, width, offset, 1), new ReadOrWriteOp(slot, width, offset, 1) })
        {
            var reply = Send((ushort)(2 + _server.RequestsExecuted), op);
            Assert.Equal(expected, reply.Status);
            Assert.Equal(expected, Assert.IsType<FailedResult>(Assert.Single(BridgeCodec.DecodeResults(reply, new[] { op }))).Error);
        }
    }

    [Fact]
    public void Stats_of_a_missing_slot_is_refused()
    {
        OpenSession();
        Assert.Equal(BridgeError.BadSlot, Send(2, new StatsOp(2)).Status);
        Assert.Equal(BridgeError.Ok, Send(3, new StatsOp(1)).Status);
    }

    [Fact]
    public void Busy_refuses_without_executing_and_the_same_request_runs_once_ready()
    {
        OpenSession();
        byte[] request = BridgeCodec.EncodeRequest(Session, 2, new BridgeOp[] { new MemWriteOp(TestDevices.MemoryBase, new byte[] { 7 }) });
        _server.Busy = true;
        Assert.Equal(BridgeError.Busy, Send(request).Status);
        Assert.Equal(new byte[1], Memory(TestDevices.MemoryBase, 1));
        _server.Busy = false;
        Assert.Equal(BridgeError.Ok, Send(request).Status);
        Assert.Equal(new byte[] { 7 }, Memory(TestDevices.MemoryBase, 1));
    }

    [Fact]
    public void Malformed_requests_get_the_right_error_and_change_nothing()
    {
        OpenSession();
        byte[] good = BridgeCodec.EncodeRequest(Session, 2, new BridgeOp[] { new MemWriteOp(TestDevices.MemoryBase, new byte[] { 0x5A, 0x5B }) });
        var cases = new List<(string Name, byte[] Packet, BridgeError Expected)>();

        byte[] flipped = (byte[])good.Clone();
        flipped[12] ^= 0x01;
        cases.Add(("one flipped bit", flipped, BridgeError.BadCrc));
        cases.Add(("too short", good[..10], BridgeError.BadFrame));
        cases.Add(("wrong version", Recrc(good, p => p[0] = 2), BridgeError.BadFrame));
        cases.Add(("reply type in a request", Recrc(good, p => p[1] = BridgeProtocol.TypeReply), BridgeError.BadFrame));
        cases.Add(("reserved byte set", Recrc(good, p => p[7] = 1), BridgeError.BadFrame));
        cases.Add(("zero ops", Recrc(good, p => p[6] = 0), BridgeError.BadFrame));
        cases.Add(("more ops than present", Recrc(good, p => p[6] = 2), BridgeError.BadFrame));
        cases.Add(("unknown op", Recrc(good, p => p[8] = 0x7E), BridgeError.UnknownOp));
        cases.Add(("memory length beyond the packet", Recrc(good, p => p[17] = 200), BridgeError.BadFrame));
        cases.Add(("trailing byte", Recrc(good.Take(good.Length - 4).Append((byte)0).Concat(new byte[4]).ToArray(), _ => { }), BridgeError.BadFrame));
        cases.Add(("session zero", Recrc(good, p => { p[2] = 0; p[3] = 0; }), BridgeError.BadFrame));
        cases.Add(("reply larger than the maximum packet",
            BridgeCodec.EncodeRequest(Session, 2, new BridgeOp[] { new MemReadOp(TestDevices.MemoryBase, 240), new MemReadOp(TestDevices.MemoryBase, 10) }),
            BridgeError.TooLarge));

        foreach (var (name, packet, expected) in cases)
        {
            int n = _server.Handle(packet, packet.Length);
            var reply = BridgeCodec.DecodeReply(_server.ReplyBuffer.AsSpan(0, n));
            Assert.True(expected == reply.Status, $"{name}: expected {expected}, got {reply.Status}");
            Assert.Equal(0, reply.ResultCount);
        }

        Assert.Equal(new byte[2], Memory(TestDevices.MemoryBase, 2));
        Assert.Equal(1u, _server.RequestsExecuted);
        Assert.Equal((uint)cases.Count, _server.PacketsRefused);

        // The well-formed request still executes afterwards: refusals did not consume its sequence number.
        Assert.Equal(BridgeError.Ok, Send(good).Status);
        Assert.Equal(new byte[] { 0x5A, 0x5B }, Memory(TestDevices.MemoryBase, 2));
    }

    [Fact]
    public void Overflowing_and_badly_escaped_frames_are_refused()
    {
        var packet = new byte[] { 1, 1, 0x34, 0x12, 9, 0 };
        int n = _server.HandleDamaged(packet, packet.Length, BridgeError.TooLarge);
        var reply = BridgeCodec.DecodeReply(_server.ReplyBuffer.AsSpan(0, n));
        Assert.Equal((BridgeError.TooLarge, Session, (ushort)9), (reply.Status, reply.Session, reply.Seq));
        Assert.Equal(0, _server.Handle(packet, 0));
    }

    [Fact]
    public void A_new_session_clears_the_cache_and_old_session_requests_are_refused()
    {
        OpenSession();
        byte[] old = BridgeCodec.EncodeRequest(Session, 2, new BridgeOp[] { new MemWriteOp(TestDevices.MemoryBase, new byte[] { 1 }) });
        Assert.Equal(BridgeError.Ok, Send(old).Status);
        Assert.Equal(BridgeError.Ok, Send(BridgeCodec.EncodeRequest(0x4321, 500, new BridgeOp[] { new HelloOp() })).Status);
        Assert.Equal((ushort)0x4321, _server.Session);
        Assert.Equal(BridgeError.NoSession, Send(old).Status);
    }

    [Fact]
    public void Interrupt_changes_outside_a_request_produce_one_event_with_the_new_levels()
    {
        Assert.Equal(0, _server.BuildEvent()); // no session: nobody to tell
        OpenSession();
        Assert.Equal(0, _server.BuildEvent());
        _devices.GetInterruptLine(1).SetLevel(true);
        int n = _server.BuildEvent();
        var ev = BridgeCodec.DecodeReply(_server.ReplyBuffer.AsSpan(0, n));
        Assert.True(ev.IsEvent);
        Assert.Equal((ushort)0b10, ev.IrqLevels);
        Assert.Equal(0, _server.BuildEvent());

        // A reply carries the levels too, and then no separate event is needed.
        _devices.GetInterruptLine(1).SetLevel(false);
        var reply = Send(2, new StatsOp(0));
        Assert.Equal((ushort)0, reply.IrqLevels);
        Assert.True((short)(reply.IrqEpoch - ev.IrqEpoch) > 0);
        Assert.Equal(0, _server.BuildEvent());
    }

    private static byte[] Recrc(byte[] packet, Action<byte[]> mutate)
    {
        byte[] copy = (byte[])packet.Clone();
        mutate(copy);
        BridgeCodec.AppendCrc(copy);
        return copy;
    }
}
