using Fuzz.Harness;
using Fuzz.Seeds;
using VirtioMmio.App;
using VirtioMmio.Bridge;
using VirtioMmio.Memory;
using VirtioMmio.Transport;

namespace Fuzz.Targets;

/// <summary>
/// The device end of the bridge fed an arbitrary byte stream, exactly as <see cref="BridgeLoop"/> does on the
/// board: SLIP-decoded byte by byte, each frame handed to <see cref="BridgeServer"/>, the reply SLIP-encoded.
/// Input byte 0, bit 0: re-stamp each decoded frame's CRC before handing it over (so mutations reach the op
/// parser instead of dying at the CRC check); the rest is the stream. The device set has one slot per variant.
/// Checks after every frame: no exception; no allocation; a reply is a well-formed packet (version, type, CRC,
/// at most MaxPacket bytes, result count no more than the request's op count) that SLIP-encodes; every slot's
/// Status valid; the server's counters add up (every frame executed, replayed from cache or refused); the
/// window keeps its shape.
/// </summary>
public sealed class BridgeFrameTarget : IFuzzTarget
{
    public const int WindowSize = 16 * 1024;
    public const uint BootId = 0xB007_1D00;

    private readonly byte[] _encoded = new byte[SlipCodec.MaxEncodedLength(BridgeServer.DefaultMaxPacket)];

    public BridgeFrameTarget()
    {
        using (Allocation.WarmUp())
        {
            foreach (byte[] seed in Seeds())
            {
                Execute(seed);
            }
        }
    }

    public string Name => "bridge";

    public IReadOnlyList<byte[]> Seeds() => SeedCorpus.BridgeStreams();

    public static DeviceSet CreateDevices()
    {
        var set = new DeviceSet(new MemoryWindow(FuzzDevices.WindowBase, WindowSize), FuzzDevices.Variants);
        for (int v = 0; v < FuzzDevices.Variants; v++)
        {
            set.AddSlot("slot" + v, FuzzDevices.CreatePersonality(v), FuzzDevices.Options(v));
        }

        return set;
    }

    public ulong Execute(ReadOnlySpan<byte> input)
    {
        var sig = new Signature();
        if (input.Length == 0)
        {
            return sig.Value;
        }

        bool fixCrc = (input[0] & 1) != 0;
        DeviceSet devices = CreateDevices();
        var server = new BridgeServer(devices, "fuzz-board", "fuzz", BootId, BridgeServer.DefaultMaxPacket, BridgeServer.DefaultCacheEntries);
        var decoder = new SlipDecoder(server.MaxPacket);
        int frames = 0;
        int replies = 0;
        for (int i = 1; i < input.Length; i++)
        {
            long mark = Allocation.Mark();
            SlipEvent frame = decoder.Push(input[i]);
            if (frame == SlipEvent.None)
            {
                Allocation.ExpectNone(mark, new AccessContext(Name, frames, '-', 0, 0, 0, "slip decoder"));
                continue;
            }

            frames++;
            var context = new AccessContext(Name, frames, '-', 0, 0, 0, "bridge server");
            int length = decoder.Length;
            int ops = length > BridgeProtocol.CountOrStatusOffset ? decoder.Buffer[BridgeProtocol.CountOrStatusOffset] : 0;
            if (fixCrc && frame == SlipEvent.Frame && length >= BridgeProtocol.CrcLength)
            {
                int body = length - BridgeProtocol.CrcLength;
                LittleEndian.WriteU32(decoder.Buffer, body, BridgeCrc32.Compute(decoder.Buffer, 0, body));
            }

            mark = Allocation.Mark();
            int reply = frame == SlipEvent.Frame
                ? server.Handle(decoder.Buffer, length)
                : server.HandleDamaged(decoder.Buffer, length, frame == SlipEvent.Overflow ? BridgeError.TooLarge : BridgeError.BadFrame);
            int encoded = reply > 0 ? SlipCodec.Encode(server.ReplyBuffer, 0, reply, _encoded, 0) : 0;
            int evt = server.BuildEvent();
            Allocation.ExpectNone(mark, context);

            if (reply > 0)
            {
                replies++;
                CheckPacket(server, reply, ops, context);
                if (encoded < reply + 2)
                {
                    throw new InvariantViolation($"{context}: reply of {reply} bytes did not SLIP-encode ({encoded})");
                }

                sig.Add((server.ReplyBuffer[BridgeProtocol.CountOrStatusOffset] << 8) | server.ReplyBuffer[BridgeProtocol.FlagsOrResultsOffset]);
            }

            if (evt > 0)
            {
                CheckPacket(server, evt, 0, context);
                if (server.ReplyBuffer[BridgeProtocol.TypeOffset] != BridgeProtocol.TypeEvent)
                {
                    throw new InvariantViolation($"{context}: BuildEvent wrote a packet of type 0x{server.ReplyBuffer[1]:x2}");
                }
            }

            for (int slot = 0; slot < devices.SlotCount; slot++)
            {
                MmioTransport t = devices.GetTransport(slot);
                StatusInvariant.CheckValue(t.Status, FuzzDevices.IsLegacy(slot), context);
                sig.Add((slot << 8) | (int)t.Status);
            }
        }

        long accounted = server.RequestsExecuted + server.RepliesFromCache + server.PacketsRefused;
        if (accounted != replies)
        {
            throw new InvariantViolation($"{Name}: {replies} replies but executed {server.RequestsExecuted} + cached {server.RepliesFromCache} + refused {server.PacketsRefused}");
        }

        if (devices.Memory.Size != WindowSize || devices.Memory.BaseAddress != FuzzDevices.WindowBase)
        {
            throw new InvariantViolation($"{Name}: the memory window changed shape");
        }

        sig.Add(frames);
        return sig.Value;
    }

    private static void CheckPacket(BridgeServer server, int length, int requestOps, in AccessContext context)
    {
        byte[] p = server.ReplyBuffer;
        if (length < BridgeProtocol.ReplyHeaderLength + BridgeProtocol.CrcLength || length > server.MaxPacket)
        {
            throw new InvariantViolation($"{context}: packet length {length} outside [{BridgeProtocol.ReplyHeaderLength + BridgeProtocol.CrcLength}, {server.MaxPacket}]");
        }

        int body = length - BridgeProtocol.CrcLength;
        if (BridgeCrc32.Compute(p, 0, body) != LittleEndian.ReadU32(p, body))
        {
            throw new InvariantViolation($"{context}: reply CRC does not match");
        }

        if (p[BridgeProtocol.VersionOffset] != BridgeProtocol.Version
            || (p[BridgeProtocol.TypeOffset] != BridgeProtocol.TypeReply && p[BridgeProtocol.TypeOffset] != BridgeProtocol.TypeEvent)
            || LittleEndian.ReadU32(p, BridgeProtocol.BootIdOffset) != server.BootId)
        {
            throw new InvariantViolation($"{context}: malformed reply header");
        }

        if (p[BridgeProtocol.TypeOffset] == BridgeProtocol.TypeReply && p[BridgeProtocol.FlagsOrResultsOffset] > requestOps)
        {
            throw new InvariantViolation($"{context}: {p[BridgeProtocol.FlagsOrResultsOffset]} results for {requestOps} ops");
        }
    }
}
