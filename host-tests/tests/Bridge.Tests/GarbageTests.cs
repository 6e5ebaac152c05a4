using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using BridgeHost.Emulation;
using BridgeHost.Protocol;
using VirtioMmio.App;
using VirtioMmio.Bridge;

namespace Bridge.Tests;

/// <summary>A host that sends garbage gets error replies, and the device state does not change.</summary>
public class GarbageTests
{
    [Fact]
    public void Random_bytes_on_the_wire_get_only_refusals_and_change_nothing()
    {
        var board = new EmulatedBoard(StandardDeviceSet.CreateSimulated);
        using var server = new TcpBridgeServer(board, new IPEndPoint(IPAddress.Loopback, 0));
        using var client = new TcpClient();
        client.Connect(IPAddress.Loopback, server.Port);
        var stream = client.GetStream();
        var frames = new List<byte[]>();
        var reader = new SlipReader(4096);

        // Open a session so that garbage is judged as a session's traffic, not just refused for lack of one.
        stream.Write(Slip.Encode(BridgeCodec.EncodeRequest(0x0101, 1, new BridgeOp[] { new HelloOp() })));
        ReadFrames(stream, reader, frames, expected: 1);
        frames.Clear();
        string before = Snapshot(board);
        uint executed = board.Server.RequestsExecuted;

        var random = new Random(7);
        var garbage = new byte[20000];
        random.NextBytes(garbage);
        for (int i = 0; i < garbage.Length; i += random.Next(20, 300))
        {
            garbage[i] = SlipCodec.End; // frame boundaries, so the device sees many short frames
        }

        stream.Write(garbage);
        // Plausible-looking frames too: a valid header and ops with a wrong CRC, and with a right CRC but wrong session.
        byte[] wrongCrc = BridgeCodec.EncodeRequest(0x0101, 2, new BridgeOp[] { new WriteOp(3, 4, 0x070, 0) });
        wrongCrc[^2] ^= 0x40;
        stream.Write(Slip.Encode(wrongCrc));
        stream.Write(Slip.Encode(BridgeCodec.EncodeRequest(0x7777, 2, new BridgeOp[] { new WriteOp(3, 4, 0x070, 0) })));
        stream.Write(new[] { SlipCodec.End });
        int refusalsExpected = 2;
        ReadFrames(stream, reader, frames, expected: refusalsExpected, settle: TimeSpan.FromMilliseconds(500));

        Assert.True(frames.Count >= refusalsExpected, $"only {frames.Count} replies");
        foreach (byte[] frame in frames)
        {
            var reply = BridgeCodec.DecodeReply(frame);
            Assert.Equal(0, reply.ResultCount);
            Assert.Contains(reply.Status, new[]
            {
                BridgeError.BadFrame, BridgeError.BadCrc, BridgeError.UnknownOp, BridgeError.NoSession,
                BridgeError.Stale, BridgeError.TooLarge,
            });
        }

        Assert.Equal(executed, board.Server.RequestsExecuted);
        Assert.Equal(before, Snapshot(board));

        // The link still works: the next well-formed request executes.
        frames.Clear();
        stream.Write(Slip.Encode(BridgeCodec.EncodeRequest(0x0101, 2, new BridgeOp[] { new StatsOp(3) })));
        ReadFrames(stream, reader, frames, expected: 1);
        Assert.Equal(BridgeError.Ok, BridgeCodec.DecodeReply(frames.Single(f => BridgeCodec.DecodeReply(f).Seq == 2)).Status);
    }

    /// <summary>All device state a host could disturb: memory, every slot's Status, InterruptStatus and counters.</summary>
    private static string Snapshot(EmulatedBoard board) => board.WithDevices(devices =>
    {
        var memory = new byte[devices.Memory.Size];
        devices.Memory.HostRead(devices.Memory.BaseAddress, memory, 0, memory.Length);
        var text = Convert.ToHexString(SHA256.HashData(memory));
        for (int slot = 0; slot < devices.SlotCount; slot++)
        {
            var t = devices.GetTransport(slot);
            text += $"|{t.Status:x},{t.InterruptStatus:x},{t.Notifies},{t.RequestsCompleted},{t.Resets},{devices.GetOutputTransitions(slot)}";
        }

        return text;
    });

    private static void ReadFrames(NetworkStream stream, SlipReader reader, List<byte[]> frames, int expected, TimeSpan? settle = null)
    {
        var buffer = new byte[4096];
        DateTime deadline = DateTime.UtcNow.AddSeconds(10);
        DateTime quietUntil = DateTime.MaxValue;
        stream.ReadTimeout = 50;
        while (DateTime.UtcNow < deadline)
        {
            if (frames.Count >= expected)
            {
                if (settle is null)
                {
                    return;
                }

                quietUntil = quietUntil == DateTime.MaxValue ? DateTime.UtcNow + settle.Value : quietUntil;
                if (DateTime.UtcNow > quietUntil)
                {
                    return;
                }
            }

            try
            {
                int n = stream.Read(buffer);
                reader.Push(buffer.AsSpan(0, n), frames.Add);
                if (n > 0 && settle is not null && frames.Count >= expected)
                {
                    quietUntil = DateTime.UtcNow + settle.Value;
                }
            }
            catch (IOException)
            {
            }
        }
    }
}
