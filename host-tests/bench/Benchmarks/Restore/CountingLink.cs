using BridgeHost.Links;
using VirtioMmio.Bridge;

namespace Benchmarks.Restore;

/// <summary>
/// Counts packets and bytes on the wire in both directions of a bridge link: each packet plus its two SLIP END
/// delimiters (deterministic for a given request sequence), and separately the escape bytes SLIP adds for END/ESC
/// values inside packets (these depend on sequence numbers and CRCs, so they vary from cycle to cycle).
/// Counting allocates nothing.
/// </summary>
public sealed class CountingLink(IPacketLink inner) : IPacketLink
{
    public string Description => inner.Description;

    public long PacketsToDevice { get; private set; }

    public long PacketsToHost { get; private set; }

    public long BytesToDevice { get; private set; }

    public long BytesToHost { get; private set; }

    /// <summary>Escape bytes added by SLIP, both directions.</summary>
    public long EscapeBytes { get; private set; }

    public void Clear()
    {
        PacketsToDevice = PacketsToHost = BytesToDevice = BytesToHost = EscapeBytes = 0;
    }

    public void Send(ReadOnlySpan<byte> packet)
    {
        PacketsToDevice++;
        BytesToDevice += 2 + packet.Length;
        EscapeBytes += Escapes(packet);
        inner.Send(packet);
    }

    public bool TryReceive(TimeSpan timeout, out byte[] packet)
    {
        if (!inner.TryReceive(timeout, out packet))
        {
            return false;
        }

        PacketsToHost++;
        BytesToHost += 2 + packet.Length;
        EscapeBytes += Escapes(packet);
        return true;
    }

    public static int Escapes(ReadOnlySpan<byte> packet)
    {
        int length = 0;
        foreach (byte b in packet)
        {
            if (b == SlipCodec.End || b == SlipCodec.Esc)
            {
                length++;
            }
        }

        return length;
    }

    public void Dispose() => inner.Dispose();
}
