using System.Text.RegularExpressions;
using Bridge.Tests.Support;
using BridgeHost.Protocol;
using VirtioMmio.App;
using VirtioMmio.Bridge;

namespace Bridge.Tests;

/// <summary>
/// docs/bridge-protocol.md section 10 is a conversation in hex. These tests replay it against the device code
/// byte for byte, and decode every frame with the host codec, so the document cannot drift from the implementation.
/// </summary>
public partial class ProtocolDocumentTests
{
    private static readonly Dictionary<string, byte[]> Examples = LoadExamples();

    private static Dictionary<string, byte[]> LoadExamples()
    {
        string? root = Boards.RepositoryLayout.FindRoot(AppContext.BaseDirectory);
        Assert.NotNull(root);
        string text = File.ReadAllText(Path.Combine(root!, "docs", "bridge-protocol.md"));
        var examples = new Dictionary<string, byte[]>();
        foreach (Match m in ExampleBlock().Matches(text))
        {
            examples.Add(m.Groups[1].Value, Convert.FromHexString(Regex.Replace(m.Groups[2].Value, @"\s+", "")));
        }

        return examples;
    }

    [GeneratedRegex(@"```hex ([a-z-]+)\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex ExampleBlock();

    private static byte[] Unframe(byte[] frame)
    {
        var frames = new List<byte[]>();
        new SlipReader(4096).Push(frame, frames.Add);
        Assert.Equal(SlipCodec.End, frame[0]);
        Assert.Equal(SlipCodec.End, frame[^1]);
        return Assert.Single(frames);
    }

    [Fact]
    public void The_document_has_every_example()
    {
        string[] expected =
        {
            "hello-request", "hello-reply", "batch-request", "batch-reply", "memory-request", "memory-reply",
            "stats-request", "stats-reply", "stop-request", "stop-reply", "badcrc-request", "badcrc-reply",
            "retransmit-request", "retransmit-reply", "expect-request", "expect-reply", "event",
        };
        Assert.Equal(expected.Order(), Examples.Keys.Order());
    }

    [Fact]
    public void Replaying_the_requests_produces_exactly_the_documented_replies()
    {
        BridgeServer server = DocExampleDevice.Create();
        var loop = new BridgeLoop(server);
        var channel = new RecordingChannel();
        foreach (string name in new[] { "hello", "batch", "memory", "stats", "stop", "badcrc", "retransmit", "expect" })
        {
            channel.Input.Enqueue(Examples[name + "-request"]);
            Assert.True(loop.Poll(channel));
            Assert.True(Examples[name + "-reply"].SequenceEqual(channel.TakeOutput()), $"{name}: the device's reply differs from the document");
        }

        server.Devices.GetInterruptLine(0).SetLevel(true);
        Assert.True(loop.Poll(channel));
        Assert.Equal(Examples["event"], channel.TakeOutput());
    }

    [Fact]
    public void Every_request_decodes_to_the_documented_ops()
    {
        var hello = BridgeCodec.DecodeRequest(Unframe(Examples["hello-request"]));
        Assert.Equal((ushort)0x1234, hello.Session);
        Assert.Equal((ushort)1, hello.Seq);
        Assert.IsType<HelloOp>(Assert.Single(hello.Ops));

        var batch = BridgeCodec.DecodeRequest(Unframe(Examples["batch-request"]));
        Assert.Equal(new BridgeOp[] { new WriteOp(0, 4, 0x70, 0), new ReadOp(0, 4, 0x70), new ReadOrWriteOp(0, 4, 0x70, 1) }, batch.Ops);

        var memory = BridgeCodec.DecodeRequest(Unframe(Examples["memory-request"]));
        var write = Assert.IsType<MemWriteOp>(memory.Ops[0]);
        Assert.Equal(0x40000100ul, write.Address);
        Assert.Equal(new byte[] { 0xde, 0xad, 0xc0, 0xdb }, write.Data);
        Assert.Equal(new MemReadOp(0x40000100, 4), memory.Ops[1]);

        Assert.Equal(new StatsOp(0), Assert.Single(BridgeCodec.DecodeRequest(Unframe(Examples["stats-request"])).Ops));
        Assert.Equal(Examples["memory-request"], Examples["retransmit-request"]);
        Assert.Throws<BridgeProtocolException>(() => BridgeCodec.DecodeRequest(Unframe(Examples["badcrc-request"])));

        var expect = BridgeCodec.DecodeRequest(Unframe(Examples["expect-request"]));
        Assert.Equal((ushort)7, expect.Seq);
        Assert.Equal(new ReadOrWriteOp(0, 4, 0x070, 2), expect.Ops[0]);
        Assert.Equal(new byte[] { 0xde, 0xad, 0xc0, 0xdb }, Assert.IsType<MemExpectOp>(expect.Ops[1]).Expected);
        Assert.Equal(new ReadExpectOp(0, 4, 0x070, 0x0B), expect.Ops[2]);
        Assert.Equal(0x40000200ul, Assert.IsType<MemWriteOp>(expect.Ops[3]).Address);
    }

    [Fact]
    public void Every_reply_decodes_to_the_documented_fields()
    {
        var helloReply = BridgeCodec.DecodeReply(Unframe(Examples["hello-reply"]));
        Assert.Equal((BridgeError.Ok, 1, DocExampleDevice.BootId), (helloReply.Status, helloReply.ResultCount, helloReply.BootId));
        var info = ((HelloResult)BridgeCodec.DecodeResults(helloReply, new BridgeOp[] { new HelloOp() })[0]).Info;
        Assert.Equal((1, 1024, 4, 0x40000000ul, 0x10000u, "doc-board", "1.0"),
            (info.ProtocolVersion, info.MaxPacket, info.ReplyCacheEntries, info.MemoryBase, info.MemorySize, info.BoardId, info.FirmwareVersion));
        var slot = Assert.Single(info.Slots);
        Assert.Equal(("test-1q", 0x7FFFu, 2, (ushort)16), (slot.Kind, slot.DeviceId, slot.Version, slot.QueueMaxSizes[0]));

        var batchOps = BridgeCodec.DecodeRequest(Unframe(Examples["batch-request"])).Ops;
        var batch = BridgeCodec.DecodeResults(BridgeCodec.DecodeReply(Unframe(Examples["batch-reply"])), batchOps);
        Assert.Equal(0u, ((ReadResult)batch[1]).Value);
        Assert.Equal(0u, ((ReadOrWriteResult)batch[2]).OldValue);

        var memoryOps = BridgeCodec.DecodeRequest(Unframe(Examples["memory-request"])).Ops;
        var memory = BridgeCodec.DecodeResults(BridgeCodec.DecodeReply(Unframe(Examples["memory-reply"])), memoryOps);
        Assert.Equal(new byte[] { 0xde, 0xad, 0xc0, 0xdb }, ((MemReadResult)memory[1]).Data);

        var stats = (StatsResult)BridgeCodec.DecodeResults(BridgeCodec.DecodeReply(Unframe(Examples["stats-reply"])), new BridgeOp[] { new StatsOp(0) })[0];
        Assert.Equal(new StatsResult(0, 0, 1, 0, 1, 0), stats);

        var stop = BridgeCodec.DecodeReply(Unframe(Examples["stop-reply"]));
        Assert.Equal((BridgeError.OutOfWindow, 1), (stop.Status, stop.ResultCount));

        var refusal = BridgeCodec.DecodeReply(Unframe(Examples["badcrc-reply"]));
        Assert.Equal((BridgeError.BadCrc, 0, (ushort)6), (refusal.Status, refusal.ResultCount, refusal.Seq));

        var expectOps = BridgeCodec.DecodeRequest(Unframe(Examples["expect-request"])).Ops;
        var expectReply = BridgeCodec.DecodeReply(Unframe(Examples["expect-reply"]));
        Assert.Equal((BridgeError.ExpectMismatch, 3), (expectReply.Status, expectReply.ResultCount));
        var expectResults = BridgeCodec.DecodeResults(expectReply, expectOps);
        Assert.Equal(1u, ((ReadOrWriteResult)expectResults[0]).OldValue);
        Assert.True(((ExpectResult)expectResults[1]).Held);
        Assert.Equal((false, 3u), (((ExpectResult)expectResults[2]).Held, ((ExpectResult)expectResults[2]).Value));

        var ev = BridgeCodec.DecodeReply(Unframe(Examples["event"]));
        Assert.Equal((true, (ushort)1, (ushort)1), (ev.IsEvent, ev.IrqEpoch, ev.IrqLevels));
    }

    /// <summary>A device channel fed from a queue of byte blocks, recording what the device writes.</summary>
    private sealed class RecordingChannel : IByteChannel
    {
        private readonly List<byte> _output = new();

        public Queue<byte[]> Input { get; } = new();

        public int Read(byte[] buffer, int offset, int count)
        {
            if (Input.Count == 0)
            {
                return 0;
            }

            byte[] next = Input.Dequeue();
            Assert.True(next.Length <= count);
            next.CopyTo(buffer, offset);
            return next.Length;
        }

        public bool Write(byte[] buffer, int offset, int count)
        {
            _output.AddRange(buffer.AsSpan(offset, count).ToArray());
            return true;
        }

        public byte[] TakeOutput()
        {
            byte[] bytes = _output.ToArray();
            _output.Clear();
            return bytes;
        }
    }
}
