namespace LinuxVirtio.Bus;

/// <summary>
/// The physical path from the modelled Linux driver to one virtio-mmio device: its register window and the
/// shared memory (guest RAM) the rings live in. Implemented in process (straight onto the device core), and
/// over the bridge (TCP, pty, serial) for the emulator and real boards.
/// The driver model never talks to a device any other way, so every access it makes can be traced.
/// Transport failures (lost link, device restart) throw <see cref="BusException"/>.
/// </summary>
public interface IVirtioMmioBus : IDisposable
{
    /// <summary>Guest-physical base address of the shared memory window.</summary>
    ulong MemoryBase { get; }

    /// <summary>Size in bytes of the shared memory window.</summary>
    int MemorySize { get; }

    /// <summary>readb/readw/readl at <paramref name="offset"/> (width 1, 2 or 4).</summary>
    uint Read(int offset, int width);

    /// <summary>writeb/writew/writel at <paramref name="offset"/> (width 1, 2 or 4). May be deferred until the next read or <see cref="Flush"/>.</summary>
    void Write(int offset, int width, uint value);

    /// <summary>
    /// readl then writel(old | bits) as one step (how <c>virtio_add_status</c> touches Status). Returns the old value.
    /// A bridge may carry it as a single read-modify-write operation.
    /// </summary>
    uint ReadModifyWriteOr(int offset, uint bits);

    /// <summary>
    /// <see cref="ReadModifyWriteOr"/> for a caller that needs the old value only to record it (virtio_add_status):
    /// a bus may defer it like a write. <paramref name="onOld"/> receives the old value once the device has executed
    /// the access (at the latest by the next synchronous access or <see cref="Flush"/>); never, if it did not execute.
    /// </summary>
    void ReadModifyWriteOrDeferred(int offset, uint bits, Action<uint>? onOld)
    {
        uint old = ReadModifyWriteOr(offset, bits);
        onOld?.Invoke(old);
    }

    /// <summary>
    /// A register read whose value the caller predicts (e.g. Status reading back what was just written). A bus may
    /// speculate: send it as an expectation, deferred like a write, and return <paramref name="expected"/> at once.
    /// If the device returns something else, the device stops there (nothing issued after this read executes) and
    /// the access that sends the batch throws <see cref="ExpectationFailedException"/> with the real value. Without
    /// speculation this is a plain read returning the real value. <paramref name="onValue"/> receives the value the
    /// device really returned, once known.
    /// </summary>
    uint ReadExpecting(int offset, int width, uint expected, Action<uint>? onValue)
    {
        uint value = Read(offset, width);
        onValue?.Invoke(value);
        return value;
    }

    /// <summary>
    /// <see cref="ReadMemory"/> whose bytes the caller predicts (e.g. a used-ring entry the device must have published),
    /// with the same speculation contract as <see cref="ReadExpecting"/>: the destination receives the real bytes, or
    /// <paramref name="expected"/> when the bus speculates; <paramref name="onData"/> receives the real bytes once known.
    /// </summary>
    void ReadMemoryExpecting(ulong address, Span<byte> destination, ReadOnlySpan<byte> expected, Action<byte[]>? onData)
    {
        if (expected.Length != destination.Length)
        {
            throw new ArgumentException("the expected bytes must be as long as the destination", nameof(expected));
        }

        ReadMemory(address, destination);
        onData?.Invoke(destination.ToArray());
    }

    /// <summary>Reads guest memory (CPU access to RAM, not a device access).</summary>
    void ReadMemory(ulong address, Span<byte> destination);

    /// <summary>Writes guest memory (CPU access to RAM, not a device access). May be deferred like <see cref="Write"/>.</summary>
    void WriteMemory(ulong address, ReadOnlySpan<byte> source);

    /// <summary>Completes every deferred access; afterwards the device has executed all of them.</summary>
    void Flush();

    /// <summary>Current level of the device's interrupt line, as last known on this side.</summary>
    bool InterruptLine { get; }

    /// <summary>Raised (on the caller's thread, after the access that caused it) when the interrupt line level changes.</summary>
    event Action<bool>? InterruptLineChanged;
}

/// <summary>A transport-level failure (not a protocol verdict): link lost, timeout, or the device restarted.</summary>
public class BusException : Exception
{
    public BusException(string message, Exception? inner = null) : base(message, inner) { }
}

/// <summary>
/// A speculated read (<see cref="IVirtioMmioBus.ReadExpecting"/>, <see cref="IVirtioMmioBus.ReadMemoryExpecting"/>) came
/// back different from the prediction. The device executed every access issued before it and the read itself, and
/// nothing after it. <see cref="Actual"/> is what the device returned (a register value little-endian, or the bytes).
/// </summary>
public sealed class ExpectationFailedException : BusException
{
    public ExpectationFailedException(string what, byte[] expected, byte[] actual)
        : base($"speculation failed: {what} returned {Convert.ToHexString(actual)}, expected {Convert.ToHexString(expected)}")
    {
        What = what;
        Expected = expected;
        Actual = actual;
    }

    /// <summary>The access, e.g. "slot 2 R 0x070/4" or "memory 0x40001802+10".</summary>
    public string What { get; }

    public byte[] Expected { get; }

    public byte[] Actual { get; }
}

/// <summary>The device restarted underneath the run (its boot id changed): reported as a device reset, not a protocol failure.</summary>
public sealed class DeviceRestartedException : BusException
{
    public DeviceRestartedException(uint oldBootId, uint newBootId)
        : base($"device restarted during the run (boot id {oldBootId:x8} -> {newBootId:x8})")
    {
        OldBootId = oldBootId;
        NewBootId = newBootId;
    }

    public uint OldBootId { get; }

    public uint NewBootId { get; }
}
