using LinuxVirtio.Kernel;
using LinuxVirtio.Ring;
using LinuxVirtio.Virtio;

namespace LinuxVirtio.Drivers;

/// <summary>
/// The request mechanics shared by the client drivers: one request in flight (the per-device mutex), posted,
/// kicked and completed either by the vq callback (process context: wait_for_completion) or, in noirq context,
/// by busy-polling the used ring with no interrupt handler. The token is the buffer's address; a used entry that
/// returns any other token is reported (the "off by one" failure of §2.3 of the wire reference).
/// </summary>
public sealed class RequestChannel
{
    private readonly VirtioDevice _vdev;
    private readonly Completion _rspAvail = new();

    public RequestChannel(VirtioDevice vdev)
    {
        _vdev = vdev;
    }

    public Virtqueue? Vq { get; set; }

    /// <summary>Requests completed through this channel.</summary>
    public int Completed { get; private set; }

    /// <summary>The vq callback (virtclk_isr / virtio_regulator_isr): complete(&amp;rsp_avail).</summary>
    public void Callback(Virtqueue vq) => _rspAvail.complete();

    /// <summary>
    /// A process-context request: kzalloc, virtqueue_add_outbuf (or add_sgs with a writable part), kick,
    /// wait_for_completion, virtqueue_get_buf, read the reply back from the same buffer, kfree.
    /// </summary>
    public int Transact(ReadOnlySpan<byte> request, Span<byte> reply, int writableBytes = 0)
    {
        var kernel = _vdev.Kernel;
        kernel.might_sleep("mutex_lock");
        kernel.gfp_kernel_alloc("kzalloc");
        var vq = Vq ?? throw new InvalidOperationException("request without a virtqueue");
        ulong buf = _vdev.Dma!.Alloc(request.Length + writableBytes, 8) ?? throw new DeviceHangException("DMA window exhausted");
        try
        {
            _vdev.DmaMemory!.WriteMemory(buf, request);
            if (writableBytes > 0)
            {
                _vdev.DmaMemory.WriteMemory(buf + (ulong)request.Length, new byte[writableBytes]);
            }

            _rspAvail.reinit_completion();
            int ret = Add(vq, buf, request.Length, writableBytes, gfpAtomic: false);
            if (ret != 0)
            {
                return ret;
            }

            vq.virtqueue_kick();
            kernel.wait_for_completion(_rspAvail, $"{_vdev.Name} {vq.Name} request");
            return Collect(vq, buf, request.Length, writableBytes, reply);
        }
        finally
        {
            _vdev.Dma.Free(buf);
        }
    }

    /// <summary>
    /// A noirq-context request (restore_noirq): the buffer was allocated beforehand (no allocation here), then
    /// add (GFP_ATOMIC), kick, and spin on virtqueue_get_buf (used->idx in RAM) — no register polling, no
    /// InterruptStatus read, no ACK. Returns -ETIMEDOUT if the device never publishes the used element.
    /// </summary>
    public int TransactPolled(ulong preallocated, ReadOnlySpan<byte> request, Span<byte> reply, int writableBytes = 0)
    {
        var kernel = _vdev.Kernel;
        var vq = Vq ?? throw new InvalidOperationException("request without a virtqueue");
        _vdev.DmaMemory!.WriteMemory(preallocated, request);
        int ret = Add(vq, preallocated, request.Length, writableBytes, gfpAtomic: true);
        if (ret != 0)
        {
            return ret;
        }

        long kickSeq = kernel.Trace.LastAccessSeq + 1;
        vq.virtqueue_kick();
        var deadline = DateTime.UtcNow + kernel.Config.CompletionTimeout;
        int spins = 0;
        while (!vq.more_used() && !vq.Broken)
        {
            if (DateTime.UtcNow > deadline)
            {
                kernel.Log.Add(LogLevel.Err, _vdev.Name,
                    $"{vq.Name}: polled request got no used buffer within {kernel.Config.CompletionTimeout.TotalMilliseconds:0} ms after the QueueNotify at #{kickSeq}");
                return -Errno.ETIMEDOUT;
            }

            _vdev.DmaMemory.Flush();
            if (++spins > 2)
            {
                Thread.Sleep(1);
            }
        }

        kernel.Trace.Note($"{vq.Name}: polled used idx -> {(ushort)(vq.LastUsedIdx + 1)}");
        return Collect(vq, preallocated, request.Length, writableBytes, reply);
    }

    private static int Add(Virtqueue vq, ulong buf, int outLen, int inLen, bool gfpAtomic)
    {
        var outSg = new[] { new ScatterList(buf, outLen) };
        var inSg = inLen > 0 ? new[] { new ScatterList(buf + (ulong)outLen, inLen) } : Array.Empty<ScatterList>();
        return vq.virtqueue_add_sgs(outSg, inSg, buf, gfpAtomic);
    }

    private int Collect(Virtqueue vq, ulong buf, int outLen, int inLen, Span<byte> reply)
    {
        object? token = vq.virtqueue_get_buf(out _);
        if (token == null)
        {
            return -Errno.EIO;
        }

        if (!token.Equals(buf))
        {
            _vdev.Kernel.Log.Add(LogLevel.Err, _vdev.Name, $"{vq.Name}: got buffer 0x{(ulong)token:x}, expected 0x{buf:x} (off by one)");
            return -Errno.EIO;
        }

        Completed++;

        // The reply is read back from the buffer that was submitted (readable part, or the writable part if any).
        _vdev.DmaMemory!.ReadMemory(inLen > 0 ? buf + (ulong)outLen : buf, reply[..Math.Min(reply.Length, inLen > 0 ? inLen : outLen)]);
        return 0;
    }
}
