namespace BridgeHost.Links;

/// <summary>
/// Carries whole bridge packets between host and device. Byte-stream links (TCP, serial, pty) add SLIP framing;
/// the CRC is the client's business. Packets may be lost, duplicated, corrupted or reordered on the way.
/// </summary>
public interface IPacketLink : IDisposable
{
    string Description { get; }

    void Send(ReadOnlySpan<byte> packet);

    /// <summary>Waits up to <paramref name="timeout"/> for the next packet. Throws <see cref="LinuxVirtio.Bus.BusException"/> once the link is closed.</summary>
    bool TryReceive(TimeSpan timeout, out byte[] packet);
}
