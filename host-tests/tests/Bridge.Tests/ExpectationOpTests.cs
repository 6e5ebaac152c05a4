using BridgeHost.Protocol;
using VirtioMmio.App;
using VirtioMmio.Bridge;
using VirtioMmio.Transport;

namespace Bridge.Tests;

/// <summary>
/// READ_EXPECT and MEM_EXPECT at the device end: a held expectation is a plain read, a failed one still carries what
/// was read and stops the batch, so nothing the host queued after a wrong prediction ever executes.
/// </summary>
public class ExpectationOpTests
{
    private const ushort Session = 0x2345;
    private readonly DeviceSet _devices = TestDevices.PlainSet();
    private readonly BridgeServer _server;

    public ExpectationOpTests()
    {
        _server = new BridgeServer(_devices, "test-board", "fw 0.1", 0xB007_0002, 256, 4);
        Assert.Equal(BridgeError.Ok, Send(1, new HelloOp()).Status);
    }

    private ReplyPacket Send(ushort seq, params BridgeOp[] ops)
    {
        byte[] request = BridgeCodec.EncodeRequest(Session, seq, ops);
        int n = _server.Handle(request, request.Length);
        Assert.True(n > 0);
        return BridgeCodec.DecodeReply(_server.ReplyBuffer.AsSpan(0, n));
    }

    private byte[] Memory(ulong address, int length)
    {
        var bytes = new byte[length];
        Assert.True(_devices.Memory.HostRead(address, bytes, 0, length));
        return bytes;
    }

    [Fact]
    public void A_held_register_expectation_returns_the_value_and_the_batch_goes_on()
    {
        var ops = new BridgeOp[]
        {
            new ReadExpectOp(0, 4, (ushort)MmioRegisters.MagicValue, MmioRegisters.MagicValueExpected),
            new MemWriteOp(TestDevices.MemoryBase, new byte[] { 0x11 }),
        };
        var reply = Send(2, ops);

        Assert.Equal(BridgeError.Ok, reply.Status);
        var results = BridgeCodec.DecodeResults(reply, ops);
        var expect = Assert.IsType<ExpectResult>(results[0]);
        Assert.True(expect.Held);
        Assert.Equal(MmioRegisters.MagicValueExpected, expect.Value);
        Assert.Equal(MmioAccessResult.Ok, expect.Access);
        Assert.IsType<MemWriteResult>(results[1]);
        Assert.Equal(new byte[] { 0x11 }, Memory(TestDevices.MemoryBase, 1));
    }

    [Fact]
    public void A_failed_register_expectation_carries_the_real_value_and_nothing_after_it_executes()
    {
        var ops = new BridgeOp[]
        {
            new MemWriteOp(TestDevices.MemoryBase, new byte[] { 0x22 }),
            new ReadExpectOp(0, 4, (ushort)MmioRegisters.Status, 0x0F),
            new MemWriteOp(TestDevices.MemoryBase + 1, new byte[] { 0x33 }),
            new WriteOp(0, 4, (ushort)MmioRegisters.Status, 1),
        };
        var reply = Send(2, ops);

        Assert.Equal(BridgeError.ExpectMismatch, reply.Status);
        Assert.Equal(2, reply.ResultCount);
        var results = BridgeCodec.DecodeResults(reply, ops);
        var expect = Assert.IsType<ExpectResult>(results[1]);
        Assert.False(expect.Held);
        Assert.Equal(0u, expect.Value); // Status of a device nobody initialised
        Assert.Equal(new byte[] { 0x22, 0x00 }, Memory(TestDevices.MemoryBase, 2));
        Assert.Equal(0u, _devices.GetTransport(0).Status);
    }

    [Fact]
    public void A_held_memory_expectation_answers_without_data_and_a_failed_one_returns_the_bytes()
    {
        ulong at = TestDevices.MemoryBase + 0x40;
        Assert.True(_devices.Memory.HostWrite(at, new byte[] { 1, 0, 0, 0, 0, 0, 8, 0, 0, 0 }, 0, 10));

        var held = new BridgeOp[] { new MemExpectOp(at, new byte[] { 1, 0, 0, 0, 0, 0, 8, 0, 0, 0 }) };
        var heldReply = Send(2, held);
        Assert.Equal(BridgeError.Ok, heldReply.Status);
        Assert.Single(heldReply.Body); // the result code alone
        Assert.True(Assert.IsType<ExpectResult>(BridgeCodec.DecodeResults(heldReply, held)[0]).Held);

        var failed = new BridgeOp[]
        {
            new MemExpectOp(at, new byte[] { 2, 0, 0, 0, 0, 0, 8, 0, 0, 0 }),
            new MemWriteOp(at, new byte[] { 0xEE }),
        };
        var failedReply = Send(3, failed);
        Assert.Equal(BridgeError.ExpectMismatch, failedReply.Status);
        var result = Assert.IsType<ExpectResult>(Assert.Single(BridgeCodec.DecodeResults(failedReply, failed)));
        Assert.Equal(new byte[] { 1, 0, 0, 0, 0, 0, 8, 0, 0, 0 }, result.Data);
        Assert.Equal(new byte[] { 1 }, Memory(at, 1));
    }

    [Fact]
    public void A_memory_expectation_outside_the_window_fails_as_out_of_window_and_stops_the_batch()
    {
        ulong end = TestDevices.MemoryBase + TestDevices.MemorySize;
        var ops = new BridgeOp[]
        {
            new MemExpectOp(end - 2, new byte[] { 0, 0, 0, 0 }),
            new MemWriteOp(TestDevices.MemoryBase, new byte[] { 0x44 }),
        };
        var reply = Send(2, ops);

        Assert.Equal(BridgeError.OutOfWindow, reply.Status);
        Assert.Equal(BridgeError.OutOfWindow, Assert.IsType<FailedResult>(Assert.Single(BridgeCodec.DecodeResults(reply, ops))).Error);
        Assert.Equal(new byte[] { 0 }, Memory(TestDevices.MemoryBase, 1));
    }

    [Theory]
    [InlineData(5, 4, 0x000, BridgeError.BadSlot)]
    [InlineData(0, 3, 0x000, BridgeError.BadWidth)]
    [InlineData(0, 4, 0x1000, BridgeError.BadOffset)]
    public void Register_expectations_outside_the_bridge_limits_fail_with_their_code(byte slot, byte width, ushort offset, BridgeError expected)
    {
        var ops = new BridgeOp[] { new ReadExpectOp(slot, width, offset, 0), new MemWriteOp(TestDevices.MemoryBase, new byte[] { 9 }) };
        var reply = Send(2, ops);

        Assert.Equal(expected, reply.Status);
        Assert.Equal(expected, Assert.IsType<FailedResult>(Assert.Single(BridgeCodec.DecodeResults(reply, ops))).Error);
        Assert.Equal(new byte[] { 0 }, Memory(TestDevices.MemoryBase, 1));
    }

    [Fact]
    public void Truncated_or_oversized_memory_expectations_are_refused_before_anything_executes()
    {
        // Expected bytes cut short: the op claims 8 and carries 2.
        byte[] request = BridgeCodec.EncodeRequest(Session, 2, new BridgeOp[]
        {
            new MemWriteOp(TestDevices.MemoryBase, new byte[] { 5 }),
            new MemExpectOp(TestDevices.MemoryBase, new byte[8]),
        });
        byte[] truncated = request[..^(6 + 4)].Concat(new byte[4]).ToArray();
        BridgeCodec.AppendCrc(truncated);
        int n = _server.Handle(truncated, truncated.Length);
        var reply = BridgeCodec.DecodeReply(_server.ReplyBuffer.AsSpan(0, n));
        Assert.Equal(BridgeError.BadFrame, reply.Status);
        Assert.Equal(0, reply.ResultCount);

        // A reply with room for the bytes actually read would not fit the 256-byte packet: refused as a whole.
        var large = new BridgeOp[]
        {
            new MemWriteOp(TestDevices.MemoryBase, new byte[] { 5 }),
            new MemExpectOp(TestDevices.MemoryBase, new byte[120]),
            new MemExpectOp(TestDevices.MemoryBase, new byte[120]),
        };
        var tooLarge = Send(3, large);
        Assert.Equal(BridgeError.TooLarge, tooLarge.Status);
        Assert.Equal(0, tooLarge.ResultCount);
        Assert.Equal(new byte[] { 0 }, Memory(TestDevices.MemoryBase, 1));
    }

    [Fact]
    public void Expectation_ops_survive_an_encode_decode_round_trip()
    {
        var ops = new BridgeOp[] { new ReadExpectOp(1, 2, 0x070, 0xABCD), new MemExpectOp(0x4000_1000, new byte[] { 1, 2, 3 }) };
        var decoded = BridgeCodec.DecodeRequest(BridgeCodec.EncodeRequest(Session, 9, ops));

        Assert.Equal(ops[0], decoded.Ops[0]);
        var mem = Assert.IsType<MemExpectOp>(decoded.Ops[1]);
        Assert.Equal(0x4000_1000ul, mem.Address);
        Assert.Equal(new byte[] { 1, 2, 3 }, mem.Expected);
    }
}
