namespace LinuxVirtio.Ring;

/// <summary>One scatter-gather entry (sg_init_one): a DMA address and a length.</summary>
public readonly record struct ScatterList(ulong Address, int Length);
