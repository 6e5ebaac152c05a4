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
