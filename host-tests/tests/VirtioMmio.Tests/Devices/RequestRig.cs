using VirtioMmio.Memory;
using VirtioMmio.Queue;
using VirtioMmio.Transport;

namespace VirtioMmio.Tests.Devices;

/// <summary>
/// Hands a personality one request the way the queue would: the message in guest memory as one or more
/// device-readable descriptors, optionally followed by a device-writable reply area. Then reads both back.
/// </summary>
internal sealed class RequestRig
{
    public const ulong Base = 0x8000_0000;
    private const ulong ReadableAt = Base + 0x100;
    private const ulong WritableAt = Base + 0x800;
    private const byte WritableFill = 0xCC;

    public MemoryWindow Memory { get; } = new(Base, 0x1000);

    public VirtioRequest Request { get; } = new();

    /// <summary>The readable buffer after the request: the compatibility write-back lands here.</summary>
    public byte[] Readable { get; private set; } = [];

    /// <summary>The writable buffer after the request (filled with 0xCC before it).</summary>
    public byte[] Writable { get; private set; } = [];

    /// <summary>The used-ring len the transport would publish.</summary>
    public int UsedLength => Request.BytesWritten;

    /// <summary>Submits <paramref name="message"/> as readable descriptors of <paramref name="split"/> lengths (default: one).</summary>
    public void Submit(IVirtioPersonality device, byte[] message, int writableLength = 0, int[]? split = null, int queue = 0)
    {
        Memory.HostWrite(ReadableAt, message, 0, message.Length);
        byte[] fill = Enumerable.Repeat(WritableFill, writableLength).ToArray();
        Memory.HostWrite(WritableAt, fill, 0, fill.Length);

        Request.Begin(Memory, 0);
        ulong address = ReadableAt;
        foreach (int length in split ?? [message.Length])
        {
            Assert.True(Request.AddSegment(address, (uint)length, false));
            address += (ulong)length;
        }

        Assert.Equal(message.Length, (int)(address - ReadableAt));
        if (writableLength > 0)
        {
            Assert.True(Request.AddSegment(WritableAt, (uint)writableLength, true));
        }

        device.HandleRequest(queue, Request);

        Readable = new byte[message.Length];
        Memory.HostRead(ReadableAt, Readable, 0, Readable.Length);
        Writable = new byte[writableLength];
        Memory.HostRead(WritableAt, Writable, 0, Writable.Length);
    }
}
