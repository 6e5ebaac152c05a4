namespace LinuxVirtio.Kernel;

/// <summary>
/// A small first-fit allocator over the shared memory window: the model's dma_alloc_coherent/kmalloc for rings and
/// request buffers. Each kernel instance owns one; a hibernation boot kernel starts at a different offset so
/// its rings land at different addresses from the image kernel's.
/// </summary>
public sealed class DmaAllocator
{
    private readonly ulong _base;
    private readonly int _size;
    private readonly SortedDictionary<int, int> _used = new(); // offset -> length

    /// <param name="firstOffset">Where the search for free space starts (and wraps around to 0).</param>
    public DmaAllocator(ulong memoryBase, int memorySize, int firstOffset = 0)
    {
        if (memorySize <= 0 || firstOffset < 0 || firstOffset >= memorySize)
        {
            throw new ArgumentOutOfRangeException(nameof(firstOffset));
        }

        _base = memoryBase;
        _size = memorySize;
        FirstOffset = firstOffset;
    }

    public int FirstOffset { get; }

    public int BytesInUse => _used.Values.Sum();

    /// <summary>End of the highest allocation (window offset), 0 if none.</summary>
    public int HighWater => _used.Count == 0 ? 0 : _used.Max(kv => kv.Key + kv.Value);

    /// <summary>Live allocations as (guest address, length): what a hibernation image must carry.</summary>
    public IReadOnlyList<(ulong Address, int Length)> Allocations => _used.Select(kv => (_base + (ulong)kv.Key, kv.Value)).ToList();

    /// <summary>Allocates <paramref name="length"/> bytes aligned to <paramref name="align"/> (a power of two); null when full.</summary>
    public ulong? Alloc(int length, int align)
    {
        if (length <= 0 || align <= 0 || (align & (align - 1)) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(length));
        }

        return TryFrom(FirstOffset, _size, length, align) ?? TryFrom(0, FirstOffset, length, align);
    }

    public void Free(ulong address)
    {
        int offset = checked((int)(address - _base));
        if (!_used.Remove(offset))
        {
            throw new InvalidOperationException($"DMA free of 0x{address:x} which is not allocated");
        }
    }

    private ulong? TryFrom(int start, int end, int length, int align)
    {
        int candidate = AlignUp(start, align);
        foreach (var (off, len) in _used)
        {
            if (off + len <= candidate)
            {
                continue;
            }

            if (off >= candidate + length)
            {
                break;
            }

            candidate = AlignUp(off + len, align);
        }

        if ((long)candidate + length > end)
        {
            return null;
        }

        _used.Add(candidate, length);
        return _base + (ulong)candidate;
    }

    // Alignment is of the guest-physical address, not of the window offset.
    private int AlignUp(int offset, int align)
    {
        ulong addr = _base + (ulong)offset;
        ulong aligned = (addr + (ulong)align - 1) & ~((ulong)align - 1);
        return (int)(aligned - _base);
    }
}
