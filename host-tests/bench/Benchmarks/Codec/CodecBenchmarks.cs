using BenchmarkDotNet.Attributes;
using Benchmarks.Rigs;
using BridgeHost.Protocol;
using VirtioMmio.Bridge;
using VirtioMmio.Memory;
using VirtioMmio.Transport;

namespace Benchmarks.Codec;

/// <summary>
/// Bridge framing per frame, on both ends, for the largest request of a restore_noirq cycle (reset_vqs of two
/// queues plus DRIVER_OK: 4 memory writes, 18 register writes, 1 read-modify-write; 270 bytes) and its reply.
/// Device side (firmware code, must not allocate): SLIP decode + CRC check; reply CRC + SLIP encode; and the whole
/// Handle (CRC, validation, execution, reply) of a fresh sequence number. Host side (BridgeHost, allocates by design).
/// </summary>
public class CodecBenchmarks
{
    private const ushort Session = 0x5A5A;

    private byte[] _request = null!;
    private byte[] _requestFrame = null!;
    private byte[] _reply = null!;
    private BridgeOp[] _ops = null!;
    private SlipDecoder _decoder = null!;
    private byte[] _encoded = null!;
    private BridgeServer _server = null!;
    private ushort _seq = 1;

    [GlobalSetup]
    public void Setup()
    {
        var ops = new List<BridgeOp>();
        for (int q = 0; q < 2; q++)
        {
            ulong ring = RestoreRigArea(q);
            ops.Add(new MemWriteOp(ring + 0x100, new byte[4]));
            ops.Add(new MemWriteOp(ring + 0x800, new byte[4]));
            ops.Add(new WriteOp(0, 4, MmioRegisters.QueueSel, (uint)q));
            ops.Add(new WriteOp(0, 4, MmioRegisters.QueueNum, 16));
            ops.Add(new WriteOp(0, 4, MmioRegisters.QueueDescLow, (uint)ring));
            ops.Add(new WriteOp(0, 4, MmioRegisters.QueueDescHigh, 0));
            ops.Add(new WriteOp(0, 4, MmioRegisters.QueueDriverLow, (uint)ring + 0x100));
            ops.Add(new WriteOp(0, 4, MmioRegisters.QueueDriverHigh, 0));
            ops.Add(new WriteOp(0, 4, MmioRegisters.QueueDeviceLow, (uint)ring + 0x800));
            ops.Add(new WriteOp(0, 4, MmioRegisters.QueueDeviceHigh, 0));
            ops.Add(new WriteOp(0, 4, MmioRegisters.QueueReady, 1));
        }

        ops.Add(new ReadOrWriteOp(0, 4, MmioRegisters.Status, DeviceStatus.DriverOk));
        _ops = ops.ToArray();
        _request = BridgeCodec.EncodeRequest(Session, _seq, _ops);
        _requestFrame = Slip.Encode(_request);
        _decoder = new SlipDecoder(BridgeServer.DefaultMaxPacket);
        _server = new BridgeServer(BenchDevices.CreateSet(), "bench", "bench", 0x1234_5678, BridgeServer.DefaultMaxPacket, BridgeServer.DefaultCacheEntries);
        var hello = BridgeCodec.EncodeRequest(Session, 0, new BridgeOp[] { new HelloOp() });
        if (_server.Handle(hello, hello.Length) <= 0)
        {
            throw new InvalidOperationException("HELLO was not answered");
        }

        int replyLength = HandleNext();
        _reply = _server.ReplyBuffer.AsSpan(0, replyLength).ToArray();
        if (BridgeCodec.DecodeReply(_reply).Status != BridgeError.Ok)
        {
            throw new InvalidOperationException("the benchmark request was refused");
        }

        _encoded = new byte[SlipCodec.MaxEncodedLength(BridgeServer.DefaultMaxPacket)];
    }

    /// <summary>Device: SLIP-decode one request frame byte by byte, then check its CRC.</summary>
    [Benchmark]
    public bool Device_DecodeRequestFrame()
    {
        SlipEvent last = SlipEvent.None;
        byte[] frame = _requestFrame;
        for (int i = 0; i < frame.Length; i++)
        {
            last = _decoder.Push(frame[i]);
        }

        int crcAt = _decoder.Length - BridgeProtocol.CrcLength;
        return last == SlipEvent.Frame
            && BridgeCrc32.Compute(_decoder.Buffer, 0, crcAt) == LittleEndian.ReadU32(_decoder.Buffer, crcAt);
    }

    /// <summary>Device: CRC and SLIP-encode one reply.</summary>
    [Benchmark]
    public int Device_EncodeReplyFrame()
    {
        byte[] reply = _reply;
        int body = reply.Length - BridgeProtocol.CrcLength;
        LittleEndian.WriteU32(reply, body, BridgeCrc32.Compute(reply, 0, body));
        return SlipCodec.Encode(reply, 0, reply.Length, _encoded, 0);
    }

    /// <summary>Device: the whole Handle of one request (fresh sequence number: CRC, checks, 23 ops, reply).</summary>
    [Benchmark]
    public int Device_HandleRequest() => HandleNext();

    /// <summary>Host: encode the request packet and SLIP-frame it.</summary>
    [Benchmark]
    public int Host_EncodeRequestFrame() => Slip.Encode(BridgeCodec.EncodeRequest(Session, 7, _ops)).Length;

    /// <summary>Host: check and decode the reply, and split it into per-op results.</summary>
    [Benchmark]
    public int Host_DecodeReply() => BridgeCodec.DecodeResults(BridgeCodec.DecodeReply(_reply), _ops).Count;

    private static ulong RestoreRigArea(int q) => BenchDevices.MemoryBase + 0x1000 + (ulong)(q * 0x1000);

    // Re-stamps the request with the next sequence number (2 bytes + CRC), as a new request on the wire would be.
    private int HandleNext()
    {
        _seq++;
        LittleEndian.WriteU16(_request, BridgeProtocol.SeqOffset, _seq);
        int body = _request.Length - BridgeProtocol.CrcLength;
        LittleEndian.WriteU32(_request, body, BridgeCrc32.Compute(_request, 0, body));
        return _server.Handle(_request, _request.Length);
    }
}
