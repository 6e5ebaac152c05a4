using VirtioMmio.Memory;
using VirtioMmio.Transport;

namespace VirtioMmio.Queue
{
    /// <summary>
    /// Device-side state of one split virtqueue: the driver's latches (size and ring addresses), the ready flag, and
    /// the device's shadow indices (next avail entry to take, next used slot to fill). Processing walks the avail
    /// ring once, bounded by the queue size, and publishes each completion in spec order: reply bytes, used element
    /// (id, exact len), used idx. Whether a used-buffer notification is due is reported to the caller per element.
    /// </summary>
    public sealed class SplitQueue
    {
        internal SplitQueue(int index, ushort maxSize)
        {
            Index = index;
            MaxSize = maxSize;
            Reset();
        }

        public int Index { get; }

        /// <summary>QueueNumMax: a power of two fixed for the device's lifetime.</summary>
        public ushort MaxSize { get; }

        /// <summary>QueueNum latch; defaults to <see cref="MaxSize"/>.</summary>
        public ushort Size { get; private set; }

        public ulong DescAddress { get; private set; }

        public ulong DriverAddress { get; private set; }

        public ulong DeviceAddress { get; private set; }

        /// <summary>QueueReady as the driver last wrote it (and the device accepted).</summary>
        public bool Ready { get; private set; }

        /// <summary>Legacy QueuePFN latch (0 = not in use).</summary>
        public uint LegacyPfn { get; private set; }

        /// <summary>Legacy QueueAlign latch.</summary>
        public uint LegacyAlign { get; private set; }

        /// <summary>Shadow of the next avail ring entry the device will take (last_avail_idx).</summary>
        public ushort NextAvail { get; private set; }

        /// <summary>Shadow of the used idx the device last published.</summary>
        public ushort NextUsed { get; private set; }

        /// <summary>Back to the power-on defaults: not ready, size = max, no addresses, indices 0 (spec ).</summary>
        internal void Reset()
        {
            Ready = false;
            Size = MaxSize;
            DescAddress = 0;
            DriverAddress = 0;
            DeviceAddress = 0;
            LegacyPfn = 0;
            LegacyAlign = 4096;
            NextAvail = 0;
            NextUsed = 0;
        }

        /// <summary>Accepts any power of two from 1 to <see cref="MaxSize"/>; anything else keeps the old value.</summary>
        internal bool TrySetSize(uint size)
        {
            if (!SplitRing.IsPowerOfTwo(size) || size > MaxSize)
            {
                return false;
            }

            Size = (ushort)size;
            return true;
        }

        internal void SetDescLow(uint value)
        {
            DescAddress = (DescAddress & 0xFFFFFFFF00000000UL) | value;
        }

        internal void SetDescHigh(uint value)
        {
            DescAddress = (DescAddress & 0xFFFFFFFFUL) | ((ulong)value << 32);
        }

        internal void SetDriverLow(uint value)
        {
            DriverAddress = (DriverAddress & 0xFFFFFFFF00000000UL) | value;
        }

        internal void SetDriverHigh(uint value)
        {
            DriverAddress = (DriverAddress & 0xFFFFFFFFUL) | ((ulong)value << 32);
        }

        internal void SetDeviceLow(uint value)
        {
            DeviceAddress = (DeviceAddress & 0xFFFFFFFF00000000UL) | value;
        }

        internal void SetDeviceHigh(uint value)
        {
            DeviceAddress = (DeviceAddress & 0xFFFFFFFFUL) | ((ulong)value << 32);
        }

        internal void SetLegacyAlign(uint align)
        {
            LegacyAlign = align;
        }

        /// <summary>True if the three areas are aligned (16/2/4) and lie inside the memory window.</summary>
        public bool LayoutIsValid(MemoryWindow memory)
        {
            return (DescAddress % SplitRing.DescriptorAlignment) == 0
                && (DriverAddress % SplitRing.AvailAlignment) == 0
                && (DeviceAddress % SplitRing.UsedAlignment) == 0
                && memory.Contains(DescAddress, SplitRing.DescriptorTableBytes(Size))
                && memory.Contains(DriverAddress, SplitRing.AvailRingBytes(Size))
                && memory.Contains(DeviceAddress, SplitRing.UsedRingBytes(Size));
        }

        /// <summary>
        /// QueueReady=1: validates the latched layout and enables the queue at once, from a fresh ring (avail and used
        /// index 0, spec R-04 and noirq §4.5). Returns false, and stays disabled, if the layout is invalid.
        /// </summary>
        internal bool TryEnable(MemoryWindow memory)
        {
            if (!LayoutIsValid(memory))
            {
                return false;
            }

            NextAvail = 0;
            NextUsed = 0;
            Ready = true;
            return true;
        }

        /// <summary>QueueReady=0: stops at once; the latches stay for the driver to re-use.</summary>
        internal void Disable()
        {
            Ready = false;
            NextAvail = 0;
            NextUsed = 0;
        }

        /// <summary>
        /// Legacy QueuePFN write: computes the contiguous layout (desc | avail | pad to QueueAlign | used) and enables
        /// the queue; PFN 0 stops it. Returns false (queue left stopped) if the layout is invalid.
        /// </summary>
        internal bool TrySetLegacyPfn(uint pfn, uint guestPageSize, MemoryWindow memory)
        {
            if (pfn == 0)
            {
                LegacyPfn = 0;
                Disable();
                return true;
            }

            if (!SplitRing.LegacyLayout(pfn, guestPageSize, LegacyAlign, Size, out ulong desc, out ulong avail, out ulong used))
            {
                return false;
            }

            DescAddress = desc;
            DriverAddress = avail;
            DeviceAddress = used;
            if (!TryEnable(memory))
            {
                return false;
            }

            LegacyPfn = pfn;
            return true;
        }

        /// <summary>
        /// Activation at DRIVER_OK (or first use): the device owns used.flags and must leave it 0 (spec V-06: with
        /// EVENT_IDX it must be 0; without, 0 asks for every notification).
        /// </summary>
        internal bool PublishUsedFlags(MemoryWindow memory)
        {
            return memory.DeviceWriteU16(DeviceAddress + SplitRing.UsedFlags, 0);
        }

        /// <summary>
        /// Takes every chain made available since the last call (bounded by the queue size), hands each to the
        /// device, and publishes it. Interrupt bookkeeping goes through <paramref name="host"/> so the caller can
        /// raise InterruptStatus after each used idx update.
        /// </summary>
        internal QueueError ProcessAvailable(
            MemoryWindow memory,
            IVirtioPersonality device,
            VirtioRequest request,
            bool indirectAllowed,
            bool eventIdx,
            IUsedBufferSink host)
        {
            if (!Ready)
            {
                return QueueError.None;
            }

            if (!memory.DeviceReadU16(DriverAddress + SplitRing.AvailIdx, out ushort availIdx))
            {
                return QueueError.OutsideMemoryWindow;
            }

            int pending = (ushort)(availIdx - NextAvail);
            if (pending > Size)
            {
                return QueueError.AvailIndexTooFar;
            }

            for (int i = 0; i < pending; i++)
            {
                ulong slot = DriverAddress + SplitRing.AvailRing + ((ulong)(NextAvail % Size) * 2);
                if (!memory.DeviceReadU16(slot, out ushort head))
                {
                    return QueueError.OutsideMemoryWindow;
                }

                QueueError error = DescriptorChainWalker.Walk(memory, DescAddress, Size, head, indirectAllowed, request);
                if (error != QueueError.None)
                {
                    return error;
                }

                device.HandleRequest(Index, request);

                ulong element = DeviceAddress + SplitRing.UsedRing + ((ulong)(NextUsed % Size) * SplitRing.UsedElementSize);
                if (!memory.DeviceWriteU32(element, head)
                    || !memory.DeviceWriteU32(element + 4, (uint)request.BytesWritten))
                {
                    return QueueError.OutsideMemoryWindow;
                }

                ushort placedAt = NextUsed;
                NextUsed++;
                NextAvail++;
                if (!memory.DeviceWriteU16(DeviceAddress + SplitRing.UsedIdx, NextUsed))
                {
                    return QueueError.OutsideMemoryWindow;
                }

                bool notify;
                if (!NeedsNotification(memory, eventIdx, placedAt, out notify))
                {
                    return QueueError.OutsideMemoryWindow;
                }

                if (!host.OnUsedBufferPublished(Index, notify))
                {
                    return QueueError.None; // the device halted itself: no further ring access
                }
            }

            // With EVENT_IDX, tell the driver which avail idx should trigger its next kick: the next one we will
            // take. Left at 0, Linux's vring_need_event would kick only when avail idx crosses 0 again.
            if (eventIdx && !memory.DeviceWriteU16(DeviceAddress + (ulong)SplitRing.AvailEventOffset(Size), NextAvail))
            {
                return QueueError.OutsideMemoryWindow;
            }

            return QueueError.None;
        }

        // Spec §2.7.7.2 (V-04): without EVENT_IDX notify unless avail.flags has NO_INTERRUPT; with EVENT_IDX notify
        // exactly when the used idx at which the element was placed equals used_event.
        private bool NeedsNotification(MemoryWindow memory, bool eventIdx, ushort placedAt, out bool notify)
        {
            if (eventIdx)
            {
                bool ok = memory.DeviceReadU16(DriverAddress + (ulong)SplitRing.UsedEventOffset(Size), out ushort usedEvent);
                notify = usedEvent == placedAt;
                return ok;
            }

            bool read = memory.DeviceReadU16(DriverAddress + SplitRing.AvailFlags, out ushort flags);
            notify = (flags & SplitRing.AvailFlagNoInterrupt) == 0;
            return read;
        }
    }
}
