using System.Buffers.Binary;
using LinuxVirtio.Bus;
using LinuxVirtio.Kernel;

namespace LinuxVirtio.Ring;

/// <summary>
/// The split half of <c>drivers/virtio/virtio_ring.c</c>: <c>struct vring_virtqueue</c> and the functions drivers
/// call on it. The ring lives in the shared memory window and is reached through the bus's memory accessors.
/// </summary>
public sealed class Virtqueue
{
    private readonly Kernel.Kernel _kernel;
    private readonly IVirtioMmioBus _mem;
    private readonly DmaAllocator _dma;
    private readonly Func<Virtqueue, bool> _notify;
    private readonly object?[] _descState;      // desc_state[].data: the token of each chain head
    private readonly ulong[] _indirDesc;         // desc_state[].indir_desc: indirect table address (0 if none)
    private readonly ushort[] _next;             // desc_extra[].next: the driver's free list links
    private readonly ushort[] _chainLength;      // descriptors used by the chain starting at a head
    private bool _warnedBrokenIrq;

    private Virtqueue(Kernel.Kernel kernel, IVirtioMmioBus mem, DmaAllocator dma, int index, int num, int align,
        ulong queueAddr, string name, Func<Virtqueue, bool> notify, Action<Virtqueue>? callback, bool eventIdx, bool indirect)
    {
        _kernel = kernel;
        _mem = mem;
        _dma = dma;
        _notify = notify;
        Index = index;
        Num = num;
        Name = name;
        Callback = callback;
        Event = eventIdx;
        Indirect = indirect;
        QueueDmaAddr = queueAddr;
        RingBytes = VringLayout.vring_size(num, align);
        DescAddr = queueAddr;
        AvailAddr = queueAddr + (ulong)(VringLayout.DescSize * num);
        UsedAddr = queueAddr + (ulong)VringLayout.AvailEnd(num, align);
        _descState = new object?[num];
        _indirDesc = new ulong[num];
        _next = new ushort[num];
        _chainLength = new ushort[num];
        vring_virtqueue_init_split();
    }

    public int Index { get; }

    /// <summary>virtqueue_get_vring_size().</summary>
    public int Num { get; }

    public string Name { get; }

    public Action<Virtqueue>? Callback { get; }

    /// <summary>VIRTIO_RING_F_EVENT_IDX negotiated.</summary>
    public bool Event { get; }

    /// <summary>VIRTIO_RING_F_INDIRECT_DESC negotiated.</summary>
    public bool Indirect { get; }

    /// <summary>vq->broken (set by virtio_break_device and BAD_RING).</summary>
    public bool Broken { get; set; }

    public ulong QueueDmaAddr { get; }

    public int RingBytes { get; }

    /// <summary>virtqueue_get_desc_addr().</summary>
    public ulong DescAddr { get; }

    /// <summary>virtqueue_get_avail_addr().</summary>
    public ulong AvailAddr { get; }

    /// <summary>virtqueue_get_used_addr().</summary>
    public ulong UsedAddr { get; }

    public int NumFree { get; private set; }

    public ushort LastUsedIdx { get; private set; }

    public ushort AvailIdxShadow { get; private set; }

    private ushort FreeHead { get; set; }

    private ushort NumAdded { get; set; }

    private ushort AvailFlagsShadow { get; set; }

    /// <summary>Buffers added and not yet returned by get_buf or detach.</summary>
    public int InFlight => _descState.Count(d => d != null);

    /// <summary>
    /// vring_create_virtqueue() for a split ring: allocates zeroed ring memory (halving num while it does not fit
    /// when <paramref name="mayReduceNum"/>), or returns null (the caller turns that into -ENOMEM).
    /// </summary>
    public static Virtqueue? vring_create_virtqueue(Kernel.Kernel kernel, IVirtioMmioBus mem, DmaAllocator dma, int index, int num,
        int align, bool mayReduceNum, Func<Virtqueue, bool> notify, Action<Virtqueue>? callback, string name, bool eventIdx, bool indirect)
    {
        kernel.gfp_kernel_alloc("vring_create_virtqueue");

        // "Bad virtqueue length": num must be a power of 2.
        if (num == 0 || (num & (num - 1)) != 0)
        {
            kernel.Log.Add(LogLevel.Warn, name, $"Bad virtqueue length {num}");
            return null;
        }

        ulong? queue = null;
        for (; num > 0 && VringLayout.vring_size(num, align) > kernel.Config.PageSize; num /= 2)
        {
            queue = dma.Alloc(VringLayout.vring_size(num, align), kernel.Config.PageSize);
            if (queue != null || !mayReduceNum)
            {
                break;
            }
        }

        if (num == 0)
        {
            return null;
        }

        queue ??= dma.Alloc(VringLayout.vring_size(num, align), kernel.Config.PageSize);
        if (queue == null)
        {
            return null;
        }

        mem.WriteMemory(queue.Value, new byte[VringLayout.vring_size(num, align)]); // __GFP_ZERO
        return new Virtqueue(kernel, mem, dma, index, num, align, queue.Value, name, notify, callback, eventIdx, indirect);
    }

    /// <summary>vring_del_virtqueue(): frees the ring memory.</summary>
    public void vring_del_virtqueue()
    {
        _kernel.might_sleep("vring_del_virtqueue");
        for (int i = 0; i < Num; i++)
        {
            if (_indirDesc[i] != 0)
            {
                _dma.Free(_indirDesc[i]);
                _indirDesc[i] = 0;
            }
        }

        _dma.Free(QueueDmaAddr);
    }

    /// <summary>virtqueue_add_outbuf(): one device-readable buffer.</summary>
    public int virtqueue_add_outbuf(ScatterList sg, object data, bool gfpAtomic = false) =>
        virtqueue_add_sgs(new[] { sg }, Array.Empty<ScatterList>(), data, gfpAtomic);

    /// <summary>virtqueue_add_sgs() → virtqueue_add_split(): out buffers then in (device-writable) buffers.</summary>
    public int virtqueue_add_sgs(ScatterList[] outSgs, ScatterList[] inSgs, object data, bool gfpAtomic = false)
    {
        if (!gfpAtomic)
        {
            _kernel.gfp_kernel_alloc("virtqueue_add_sgs");
        }

        if (Broken)
        {
            return -Errno.EIO;
        }

        int totalSg = outSgs.Length + inSgs.Length;
        if (totalSg == 0)
        {
            throw new ArgumentException("virtqueue_add: total_sg == 0");
        }

        ulong indirectTable = 0;
        if (Indirect && totalSg > 1 && NumFree > 0)
        {
            indirectTable = _dma.Alloc(totalSg * VringLayout.DescSize, 16) ?? 0;
        }

        int descsUsed = indirectTable != 0 ? 1 : totalSg;
        if (NumFree < descsUsed)
        {
            // FIXME in virtio_ring.c: for historical reasons a notify is forced if there are outgoing parts.
            if (outSgs.Length > 0)
            {
                _notify(this);
            }

            if (indirectTable != 0)
            {
                _dma.Free(indirectTable);
            }

            return -Errno.ENOSPC;
        }

        ushort head = FreeHead;
        if (indirectTable != 0)
        {
            for (int i = 0; i < totalSg; i++)
            {
                var sg = i < outSgs.Length ? outSgs[i] : inSgs[i - outSgs.Length];
                ushort flags = (ushort)((i < outSgs.Length ? 0 : VringLayout.VRING_DESC_F_WRITE) | (i + 1 < totalSg ? VringLayout.VRING_DESC_F_NEXT : 0));
                WriteDesc(indirectTable + (ulong)(i * VringLayout.DescSize), sg.Address, (uint)sg.Length, flags, (ushort)(i + 1));
            }

            WriteDesc(DescAt(head), indirectTable, (uint)(totalSg * VringLayout.DescSize), VringLayout.VRING_DESC_F_INDIRECT, _next[head]);
            FreeHead = _next[head];
        }
        else
        {
            ushort i = head;
            for (int n = 0; n < totalSg; n++)
            {
                var sg = n < outSgs.Length ? outSgs[n] : inSgs[n - outSgs.Length];
                ushort flags = (ushort)((n < outSgs.Length ? 0 : VringLayout.VRING_DESC_F_WRITE) | (n + 1 < totalSg ? VringLayout.VRING_DESC_F_NEXT : 0));
                WriteDesc(DescAt(i), sg.Address, (uint)sg.Length, flags, _next[i]);
                if (n + 1 < totalSg)
                {
                    i = _next[i];
                }
            }

            FreeHead = _next[i];
        }

        NumFree -= descsUsed;
        _descState[head] = data;
        _indirDesc[head] = indirectTable;
        _chainLength[head] = (ushort)descsUsed;

        // Put the head in the next avail slot, then publish the new avail idx.
        int availSlot = AvailIdxShadow & (Num - 1);
        WriteU16(AvailAddr + 4 + (ulong)(2 * availSlot), head);
        AvailIdxShadow++;
        WriteU16(AvailAddr + 2, AvailIdxShadow);
        NumAdded++;
        return 0;
    }

    /// <summary>virtqueue_kick_prepare(): does the device want a notification?</summary>
    public bool virtqueue_kick_prepare()
    {
        ushort newIdx = AvailIdxShadow;
        ushort old = (ushort)(newIdx - NumAdded);
        NumAdded = 0;
        if (Event)
        {
            ushort availEvent = ReadU16(UsedAddr + 4 + (ulong)(VringLayout.UsedElemSize * Num));
            return VringLayout.vring_need_event(availEvent, newIdx, old);
        }

        return (ReadU16(UsedAddr) & VringLayout.VRING_USED_F_NO_NOTIFY) == 0;
    }

    /// <summary>virtqueue_notify(): the transport's notify (W QueueNotify).</summary>
    public bool virtqueue_notify()
    {
        if (Broken)
        {
            return false;
        }

        if (!_notify(this))
        {
            Broken = true;
            return false;
        }

        return true;
    }

    /// <summary>virtqueue_kick().</summary>
    public bool virtqueue_kick() => !virtqueue_kick_prepare() || virtqueue_notify();

    /// <summary>more_used_split(): used->idx moved past last_used_idx.</summary>
    public bool more_used() => LastUsedIdx != ReadU16(UsedAddr + 2);

    /// <summary>virtqueue_get_buf(): the token of the next used buffer, or null. Bad used entries break the vq (BAD_RING).</summary>
    public object? virtqueue_get_buf(out uint len)
    {
        len = 0;
        if (Broken)
        {
            return null;
        }

        if (!more_used())
        {
            return null;
        }

        int slot = LastUsedIdx & (Num - 1);
        uint id = ReadU32(UsedAddr + 4 + (ulong)(VringLayout.UsedElemSize * slot));
        len = ReadU32(UsedAddr + 8 + (ulong)(VringLayout.UsedElemSize * slot));
        if (id >= Num)
        {
            BAD_RING($"id {id} out of range (used idx {LastUsedIdx})");
            return null;
        }

        object? token = _descState[id];
        if (token == null)
        {
            BAD_RING($"id {id} is not a head! (used idx {LastUsedIdx})");
            return null;
        }

        detach_buf((ushort)id);
        LastUsedIdx++;
        if ((AvailFlagsShadow & VringLayout.VRING_AVAIL_F_NO_INTERRUPT) == 0 && Event)
        {
            WriteU16(AvailAddr + 4 + (ulong)(2 * Num), LastUsedIdx); // vring_used_event
        }

        return token;
    }

    /// <summary>virtqueue_disable_cb().</summary>
    public void virtqueue_disable_cb()
    {
        if ((AvailFlagsShadow & VringLayout.VRING_AVAIL_F_NO_INTERRUPT) == 0)
        {
            AvailFlagsShadow |= VringLayout.VRING_AVAIL_F_NO_INTERRUPT;
            if (!Event)
            {
                WriteU16(AvailAddr, AvailFlagsShadow);
            }
        }
    }

    /// <summary>virtqueue_enable_cb_prepare(): re-enables callbacks and returns the index to poll from.</summary>
    public ushort virtqueue_enable_cb_prepare()
    {
        if ((AvailFlagsShadow & VringLayout.VRING_AVAIL_F_NO_INTERRUPT) != 0)
        {
            AvailFlagsShadow &= unchecked((ushort)~VringLayout.VRING_AVAIL_F_NO_INTERRUPT);
            if (!Event)
            {
                WriteU16(AvailAddr, AvailFlagsShadow);
            }
        }

        if (Event)
        {
            WriteU16(AvailAddr + 4 + (ulong)(2 * Num), LastUsedIdx);
        }

        return LastUsedIdx;
    }

    /// <summary>virtqueue_poll(): has used->idx moved past <paramref name="lastUsedIdx"/>?</summary>
    public bool virtqueue_poll(ushort lastUsedIdx) => !Broken && lastUsedIdx != ReadU16(UsedAddr + 2);

    /// <summary>virtqueue_detach_unused_buf(): takes back a buffer the device never used (after a reset).</summary>
    public object? virtqueue_detach_unused_buf()
    {
        for (ushort i = 0; i < Num; i++)
        {
            if (_descState[i] == null)
            {
                continue;
            }

            object token = _descState[i]!;
            detach_buf(i);
            AvailIdxShadow--;
            WriteU16(AvailAddr + 2, AvailIdxShadow);
            return token;
        }

        return null;
    }

    /// <summary>
    /// virtqueue_reinit_vring() (RFC v3 2/4; mainline virtqueue_reset_split): resets the ring in place for the
    /// noirq restore, allocating nothing. Descriptor contents are left alone.
    /// </summary>
    public void virtqueue_reinit_vring()
    {
        if (InFlight != 0)
        {
            _kernel.Log.Add(LogLevel.Warn, Name, $"virtqueue_reinit_vring with {InFlight} buffer(s) still in flight");
        }

        WriteU16(AvailAddr, 0);                                     // avail->flags
        WriteU16(AvailAddr + 2, 0);                                 // avail->idx
        WriteU16(AvailAddr + 4 + (ulong)(2 * Num), 0);              // used_event
        WriteU16(UsedAddr, 0);                                      // used->flags
        WriteU16(UsedAddr + 2, 0);                                  // used->idx
        WriteU16(UsedAddr + 4 + (ulong)(VringLayout.UsedElemSize * Num), 0); // avail_event
        vring_virtqueue_init_split();
    }

    /// <summary>vring_interrupt(): the per-vq half of the transport's interrupt handler.</summary>
    public IrqReturn vring_interrupt()
    {
        if (!more_used())
        {
            return IrqReturn.None;
        }

        if (Broken)
        {
            if (_kernel.Config.HardenNotification)
            {
                if (!_warnedBrokenIrq)
                {
                    _warnedBrokenIrq = true;
                    _kernel.Log.Add(LogLevel.Warn, Name, "virtio vring IRQ raised before DRIVER_OK");
                }

                return IrqReturn.None;
            }

            return IrqReturn.Handled;
        }

        Callback?.Invoke(this);
        return IrqReturn.Handled;
    }

    private void vring_virtqueue_init_split()
    {
        LastUsedIdx = 0;
        AvailIdxShadow = 0;
        NumAdded = 0;
        NumFree = Num;
        FreeHead = 0;
        for (int i = 0; i < Num; i++)
        {
            _next[i] = (ushort)((i + 1) & 0xffff);
            _descState[i] = null;
            _chainLength[i] = 0;
            if (_indirDesc[i] != 0)
            {
                _dma.Free(_indirDesc[i]);
                _indirDesc[i] = 0;
            }
        }

        AvailFlagsShadow = 0;
        if (Callback == null)
        {
            AvailFlagsShadow |= VringLayout.VRING_AVAIL_F_NO_INTERRUPT;
            if (!Event)
            {
                WriteU16(AvailAddr, AvailFlagsShadow);
            }
        }
    }

    /// <summary>detach_buf_split(): returns a chain's descriptors to the free list.</summary>
    private void detach_buf(ushort head)
    {
        _descState[head] = null;
        ushort last = head;
        for (int n = 1; n < _chainLength[head]; n++)
        {
            last = _next[last];
        }

        _next[last] = FreeHead;
        FreeHead = head;
        NumFree += _chainLength[head];
        _chainLength[head] = 0;
        if (_indirDesc[head] != 0)
        {
            _dma.Free(_indirDesc[head]);
            _indirDesc[head] = 0;
        }
    }

    /// <summary>BAD_RING(): log and mark the vq broken ("id is not a head" and friends).</summary>
    private void BAD_RING(string what)
    {
        _kernel.Log.Add(LogLevel.Err, Name, what);
        Broken = true;
    }

    private ulong DescAt(ushort i) => DescAddr + (ulong)(i * VringLayout.DescSize);

    private void WriteDesc(ulong at, ulong addr, uint len, ushort flags, ushort next)
    {
        Span<byte> d = stackalloc byte[VringLayout.DescSize];
        BinaryPrimitives.WriteUInt64LittleEndian(d, addr);
        BinaryPrimitives.WriteUInt32LittleEndian(d[8..], len);
        BinaryPrimitives.WriteUInt16LittleEndian(d[12..], flags);
        BinaryPrimitives.WriteUInt16LittleEndian(d[14..], next);
        _mem.WriteMemory(at, d);
    }

    private ushort ReadU16(ulong at)
    {
        Span<byte> b = stackalloc byte[2];
        _mem.ReadMemory(at, b);
        return BinaryPrimitives.ReadUInt16LittleEndian(b);
    }

    private uint ReadU32(ulong at)
    {
        Span<byte> b = stackalloc byte[4];
        _mem.ReadMemory(at, b);
        return BinaryPrimitives.ReadUInt32LittleEndian(b);
    }

    private void WriteU16(ulong at, ushort v)
    {
        Span<byte> b = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16LittleEndian(b, v);
        _mem.WriteMemory(at, b);
    }
}
