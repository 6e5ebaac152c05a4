using System.Buffers.Binary;
using LinuxVirtio.Kernel;
using LinuxVirtio.Ring;
using LinuxVirtio.Tracing;
using KernelModel = LinuxVirtio.Kernel.Kernel;

namespace LinuxVirtio.Tests.Model;

public class VirtqueueTests
{
    private readonly FakeBus _bus = new();
    private readonly KernelModel _kernel = new(new KernelConfig(), new TraceRecorder());
    private readonly List<int> _notified = new();

    private Virtqueue NewVq(int num = 8)
    {
        var dma = new DmaAllocator(_bus.MemoryBase, _bus.MemorySize);
        return Virtqueue.vring_create_virtqueue(_kernel, _bus, dma, 0, num, 4096, true, vq =>
        {
            _notified.Add(vq.Index);
            return true;
        }, _ => { }, "vq0", eventIdx: false, indirect: false)!;
    }

    private void DevicePublish(Virtqueue vq, ushort usedIdx, uint id, uint len)
    {
        Span<byte> elem = stackalloc byte[8];
        BinaryPrimitives.WriteUInt32LittleEndian(elem, id);
        BinaryPrimitives.WriteUInt32LittleEndian(elem[4..], len);
        _bus.WriteMemory(vq.UsedAddr + 4 + (ulong)(8 * ((usedIdx - 1) & (vq.Num - 1))), elem);
        Span<byte> idx = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16LittleEndian(idx, usedIdx);
        _bus.WriteMemory(vq.UsedAddr + 2, idx);
    }

    [Fact]
    public void Split_layout_follows_vring_size()
    {
        var vq = NewVq(16);
        Assert.Equal(vq.DescAddr + (16 * 16), vq.AvailAddr);
        Assert.Equal(0UL, (vq.UsedAddr - vq.DescAddr) % 4096);
    }

    [Fact]
    public void A_used_buffer_returns_its_token_once()
    {
        var vq = NewVq();
        Assert.Equal(0, vq.virtqueue_add_outbuf(new ScatterList(_bus.MemoryBase + 0x3000, 68), "req"));
        Assert.True(vq.virtqueue_kick());
        Assert.Equal(new[] { 0 }, _notified);
        Assert.Null(vq.virtqueue_get_buf(out _));
        DevicePublish(vq, 1, 0, 0);
        Assert.Equal("req", vq.virtqueue_get_buf(out _));
        Assert.Null(vq.virtqueue_get_buf(out _));
        Assert.Equal(8, vq.NumFree);
    }

    [Fact]
    public void A_stale_used_entry_breaks_the_ring()
    {
        var vq = NewVq();
        vq.virtqueue_add_outbuf(new ScatterList(_bus.MemoryBase + 0x3000, 68), "req");
        DevicePublish(vq, 1, 5, 0); // id 5 was never a head
        Assert.Null(vq.virtqueue_get_buf(out _));
        Assert.True(vq.Broken);
        Assert.Contains(_kernel.Log.Problems, e => e.Message.StartsWith("id 5 is not a head!", StringComparison.Ordinal));
    }

    [Fact]
    public void Reinit_zeroes_the_indices_in_memory_and_starts_again_at_slot_zero()
    {
        var vq = NewVq();
        vq.virtqueue_add_outbuf(new ScatterList(_bus.MemoryBase + 0x3000, 68), "a");
        DevicePublish(vq, 1, 0, 0);
        vq.virtqueue_get_buf(out _);
        vq.virtqueue_reinit_vring();
        Span<byte> b = stackalloc byte[2];
        _bus.ReadMemory(vq.UsedAddr + 2, b);
        Assert.Equal(0, BinaryPrimitives.ReadUInt16LittleEndian(b));
        _bus.ReadMemory(vq.AvailAddr + 2, b);
        Assert.Equal(0, BinaryPrimitives.ReadUInt16LittleEndian(b));
        Assert.Equal(0, vq.LastUsedIdx);
        vq.virtqueue_add_outbuf(new ScatterList(_bus.MemoryBase + 0x3000, 68), "b");
        DevicePublish(vq, 1, 0, 0);
        Assert.Equal("b", vq.virtqueue_get_buf(out _));
    }

    [Fact]
    public void A_broken_vq_refuses_buffers_and_ignores_interrupts()
    {
        var vq = NewVq();
        vq.Broken = true;
        Assert.Equal(-Errno.EIO, vq.virtqueue_add_outbuf(new ScatterList(_bus.MemoryBase + 0x3000, 68), "x"));
        DevicePublish(vq, 1, 0, 0);
        Assert.Equal(IrqReturn.None, vq.vring_interrupt());
        Assert.Contains(_kernel.Log.Problems, e => e.Message.Contains("IRQ raised before DRIVER_OK"));
    }

    [Fact]
    public void Allocating_a_ring_in_noirq_context_is_a_protocol_violation()
    {
        Assert.Throws<ProtocolViolationException>(() => _kernel.InContext(ExecContext.Noirq, () => NewVq()));
    }
}
