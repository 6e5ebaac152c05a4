using LinuxVirtio.Kernel;

namespace LinuxVirtio.Tests.Model;

public class DmaAllocatorTests
{
    [Fact]
    public void Allocations_are_aligned_and_disjoint_and_freed_space_is_reused()
    {
        var dma = new DmaAllocator(0x8000_0000, 0x10000);
        var a = dma.Alloc(100, 8)!.Value;
        var b = dma.Alloc(4096, 4096)!.Value;
        var c = dma.Alloc(10, 16)!.Value;
        Assert.Equal(0UL, b % 4096);
        Assert.Equal(0UL, c % 16);
        Assert.True(a + 100 <= b || b + 4096 <= a);
        Assert.True(c >= a + 100 && (c + 10 <= b || c >= b + 4096));
        dma.Free(a);
        Assert.Equal(a, dma.Alloc(100, 8));
    }

    [Fact]
    public void Exhaustion_returns_null_and_changes_nothing()
    {
        var dma = new DmaAllocator(0x8000_0000, 0x2000);
        Assert.NotNull(dma.Alloc(0x1800, 8));
        int used = dma.BytesInUse;
        Assert.Null(dma.Alloc(0x1000, 8));
        Assert.Equal(used, dma.BytesInUse);
    }

    [Fact]
    public void A_second_kernel_starting_higher_gets_different_addresses()
    {
        var image = new DmaAllocator(0x8000_0000, 0x10000);
        var first = image.Alloc(0x3000, 4096)!.Value;
        var boot = new DmaAllocator(0x8000_0000, 0x10000, (image.HighWater + 4095) & ~4095);
        var second = boot.Alloc(0x3000, 4096)!.Value;
        Assert.True(second >= first + 0x3000);
    }

    [Fact]
    public void Freeing_an_address_that_was_not_allocated_throws()
    {
        var dma = new DmaAllocator(0x8000_0000, 0x1000);
        Assert.Throws<InvalidOperationException>(() => dma.Free(0x8000_0010));
    }
}
