using System.IO.Hashing;
using LinuxVirtio.Bus;
using VirtioMmio.Bridge;
using VirtioMmio.Transport;

namespace BridgeHost.Protocol;

/// <summary>A reply or event packet header, with the bytes that follow it (per-op results).</summary>
public sealed record ReplyPacket(
    byte Type,
    ushort Session,
    ushort Seq,
    BridgeError Status,
    int ResultCount,
    uint BootId,
    ushort IrqEpoch,
    ushort IrqLevels,
    byte[] Body)
{
    public bool IsEvent => Type == BridgeProtocol.TypeEvent;
}

/// <summary>A decoded request (used by tests, tools and the protocol document's examples).</summary>
public sealed record RequestPacket(ushort Session, ushort Seq, IReadOnlyList<BridgeOp> Ops);

/// <summary>The reply or request was not a valid bridge packet.</summary>
public sealed class BridgeProtocolException(string message) : BusException(message);

/// <summary>Host-side encoder and decoder of bridge packets (the bytes between SLIP delimiters).</summary>
public static class BridgeCodec
{
    public static int RequestLength(IEnumerable<BridgeOp> ops) =>
        BridgeProtocol.RequestHeaderLength + ops.Sum(o => o.EncodedLength) + BridgeProtocol.CrcLength;

    public static byte[] EncodeRequest(ushort session, ushort seq, IReadOnlyList<BridgeOp> ops)
    {
        if (ops.Count is < 1 or > 255)
        {
            throw new ArgumentException("a request carries 1..255 ops", nameof(ops));
        }

        var packet = new byte[RequestLength(ops)];
        packet[0] = BridgeProtocol.Version;
        packet[1] = BridgeProtocol.TypeRequest;
        Wire.WriteU16(packet.AsSpan(2), session);
        Wire.WriteU16(packet.AsSpan(4), seq);
        packet[6] = (byte)ops.Count;
        packet[7] = 0;
        int pos = BridgeProtocol.RequestHeaderLength;
        foreach (var op in ops)
        {
            packet[pos] = (byte)op.Code;
            op.WriteArgs(packet.AsSpan(pos + 1, op.EncodedLength - 1));
            pos += op.EncodedLength;
        }

        AppendCrc(packet);
        return packet;
    }

    /// <summary>Writes the CRC-32 of everything before the last four bytes into them.</summary>
    public static void AppendCrc(byte[] packet)
    {
        int body = packet.Length - BridgeProtocol.CrcLength;
        Wire.WriteU32(packet.AsSpan(body), Crc32.HashToUInt32(packet.AsSpan(0, body)));
    }

    public static bool CrcMatches(ReadOnlySpan<byte> packet) =>
        packet.Length >= BridgeProtocol.CrcLength
        && Crc32.HashToUInt32(packet[..^BridgeProtocol.CrcLength]) == Wire.ReadU32(packet[^BridgeProtocol.CrcLength..]);

    public static ReplyPacket DecodeReply(ReadOnlySpan<byte> packet)
    {
        if (packet.Length < BridgeProtocol.ReplyHeaderLength + BridgeProtocol.CrcLength)
        {
            throw new BridgeProtocolException($"reply too short ({packet.Length} bytes)");
        }

        if (!CrcMatches(packet))
        {
            throw new BridgeProtocolException("reply CRC mismatch");
        }

        if (packet[0] != BridgeProtocol.Version)
        {
            throw new BridgeProtocolException($"unsupported protocol version {packet[0]}");
        }

        if (packet[1] is not (BridgeProtocol.TypeReply or BridgeProtocol.TypeEvent))
        {
            throw new BridgeProtocolException($"not a reply or event (type 0x{packet[1]:x2})");
        }

        return new ReplyPacket(
            packet[1],
            Wire.ReadU16(packet[2..]),
            Wire.ReadU16(packet[4..]),
            (BridgeError)packet[6],
            packet[7],
            Wire.ReadU32(packet[8..]),
            Wire.ReadU16(packet[12..]),
            Wire.ReadU16(packet[14..]),
            packet[BridgeProtocol.ReplyHeaderLength..^BridgeProtocol.CrcLength].ToArray());
    }

    /// <summary>Splits a reply body into per-op results, using the request's ops to know each result's shape.</summary>
    public static IReadOnlyList<OpResult> DecodeResults(ReplyPacket reply, IReadOnlyList<BridgeOp> ops)
    {
        if (reply.ResultCount > ops.Count)
        {
            throw new BridgeProtocolException($"reply has {reply.ResultCount} results for {ops.Count} ops");
        }

        var results = new List<OpResult>(reply.ResultCount);
        ReadOnlySpan<byte> body = reply.Body;
        int pos = 0;
        for (int i = 0; i < reply.ResultCount; i++)
        {
            if (pos >= body.Length)
            {
                throw new BridgeProtocolException($"reply truncated at result {i}");
            }

            var code = (BridgeError)body[pos++];
            if (code == BridgeError.ExpectMismatch && ops[i] is ReadExpectOp or MemExpectOp)
            {
                results.Add(DecodeExpect(body[pos..], ops[i], code, out int taken));
                pos += taken;
                if (i != reply.ResultCount - 1)
                {
                    throw new BridgeProtocolException($"result {i} failed its expectation but is not the last");
                }

                break;
            }

            if (code != BridgeError.Ok)
            {
                results.Add(new FailedResult(code));
                break;
            }

            ReadOnlySpan<byte> rest = body[pos..];
            OpResult result;
            int used;
            switch (ops[i])
            {
                case HelloOp:
                    result = new HelloResult(DeviceInfo.Parse(rest, out used));
                    break;
                case ReadOp:
                    Need(rest, used = BridgeProtocol.ReadResultData);
                    result = new ReadResult((MmioAccessResult)rest[0], Wire.ReadU32(rest[1..]));
                    break;
                case WriteOp:
                    Need(rest, used = BridgeProtocol.WriteResultData);
                    result = new WriteResult((MmioAccessResult)rest[0]);
                    break;
                case ReadOrWriteOp:
                    Need(rest, used = BridgeProtocol.OrResultData);
                    result = new ReadOrWriteResult((MmioAccessResult)rest[0], Wire.ReadU32(rest[1..]));
                    break;
                case MemReadOp m:
                    Need(rest, used = m.Length);
                    result = new MemReadResult(rest[..used].ToArray());
                    break;
                case MemWriteOp:
                    used = 0;
                    result = new MemWriteResult();
                    break;
                case ChangeConfigOp:
                    used = 0;
                    result = new ChangeConfigResult();
                    break;
                case ReadExpectOp or MemExpectOp:
                    result = DecodeExpect(rest, ops[i], BridgeError.Ok, out used);
                    break;
                case StatsOp:
                    Need(rest, used = BridgeProtocol.StatsResultData);
                    result = new StatsResult(
                        Wire.ReadU32(rest), Wire.ReadU32(rest[4..]), Wire.ReadU32(rest[8..]),
                        Wire.ReadU32(rest[12..]), Wire.ReadU32(rest[16..]), Wire.ReadU32(rest[20..]));
                    break;
                default:
                    throw new BridgeProtocolException($"unexpected op {ops[i].Code}");
            }

            results.Add(result);
            pos += used;
        }

        if (pos != body.Length)
        {
            throw new BridgeProtocolException($"reply has {body.Length - pos} unexpected trailing bytes");
        }

        return results;
    }

    /// <summary>
    /// An expectation's result: a register expectation always carries class and value; a memory expectation carries the
    /// bytes only when they differ (when it held, they are the expected bytes).
    /// </summary>
    private static ExpectResult DecodeExpect(ReadOnlySpan<byte> rest, BridgeOp op, BridgeError outcome, out int used)
    {
        if (op is MemExpectOp m)
        {
            if (outcome == BridgeError.Ok)
            {
                used = 0;
                return new ExpectResult(outcome, MmioAccessResult.Ok, m.Expected);
            }

            Need(rest, used = m.Expected.Length);
            return new ExpectResult(outcome, MmioAccessResult.Ok, rest[..used].ToArray());
        }

        Need(rest, used = BridgeProtocol.ReadResultData);
        return new ExpectResult(outcome, (MmioAccessResult)rest[0], rest[1..5].ToArray());
    }

    /// <summary>Decodes a request packet (CRC, header, ops); throws <see cref="BridgeProtocolException"/> if malformed.</summary>
    public static RequestPacket DecodeRequest(ReadOnlySpan<byte> packet)
    {
        if (packet.Length < BridgeProtocol.RequestHeaderLength + 1 + BridgeProtocol.CrcLength || !CrcMatches(packet))
        {
            throw new BridgeProtocolException("request too short or CRC mismatch");
        }

        if (packet[0] != BridgeProtocol.Version || packet[1] != BridgeProtocol.TypeRequest || packet[7] != 0)
        {
            throw new BridgeProtocolException("bad request header");
        }

        int count = packet[6];
        ReadOnlySpan<byte> body = packet[BridgeProtocol.RequestHeaderLength..^BridgeProtocol.CrcLength];
        var ops = new List<BridgeOp>(count);
        int pos = 0;
        for (int i = 0; i < count; i++)
        {
            if (pos >= body.Length)
            {
                throw new BridgeProtocolException("request truncated");
            }

            var code = (BridgeOpCode)body[pos++];
            ReadOnlySpan<byte> a = body[pos..];
            BridgeOp op = code switch
            {
                BridgeOpCode.Hello => new HelloOp(),
                BridgeOpCode.Read => Need(a, 4) ? new ReadOp(a[0], a[1], Wire.ReadU16(a[2..])) : null!,
                BridgeOpCode.Write => Need(a, 8) ? new WriteOp(a[0], a[1], Wire.ReadU16(a[2..]), Wire.ReadU32(a[4..])) : null!,
                BridgeOpCode.ReadOrWrite => Need(a, 8) ? new ReadOrWriteOp(a[0], a[1], Wire.ReadU16(a[2..]), Wire.ReadU32(a[4..])) : null!,
                BridgeOpCode.MemRead => Need(a, 10) ? new MemReadOp(Wire.ReadU64(a), Wire.ReadU16(a[8..])) : null!,
                BridgeOpCode.MemWrite => Need(a, 10) && Need(a, 10 + Wire.ReadU16(a[8..]))
                    ? new MemWriteOp(Wire.ReadU64(a), a.Slice(10, Wire.ReadU16(a[8..])).ToArray())
                    : null!,
                BridgeOpCode.Stats => Need(a, 1) ? new StatsOp(a[0]) : null!,
                BridgeOpCode.ChangeConfig => Need(a, 1) ? new ChangeConfigOp(a[0]) : null!,
                BridgeOpCode.ReadExpect => Need(a, 8) ? new ReadExpectOp(a[0], a[1], Wire.ReadU16(a[2..]), Wire.ReadU32(a[4..])) : null!,
                BridgeOpCode.MemExpect => Need(a, 10) && Need(a, 10 + Wire.ReadU16(a[8..]))
                    ? new MemExpectOp(Wire.ReadU64(a), a.Slice(10, Wire.ReadU16(a[8..])).ToArray())
                    : null!,
                _ => throw new BridgeProtocolException($"unknown op 0x{(byte)code:x2}"),
            };
            ops.Add(op);
            pos += op.EncodedLength - 1;
        }

        if (pos != body.Length)
        {
            throw new BridgeProtocolException("trailing bytes after the last op");
        }

        return new RequestPacket(Wire.ReadU16(packet[2..]), Wire.ReadU16(packet[4..]), ops);
    }

    private static bool Need(ReadOnlySpan<byte> span, int length) =>
        span.Length >= length ? true : throw new BridgeProtocolException("packet truncated");
}
