using LinuxVirtio.Kernel;
using LinuxVirtio.Ring;
using LinuxVirtio.Uapi;
using LinuxVirtio.Virtio;

namespace LinuxVirtio.Drivers;

/// <summary>How the test driver behaves across system sleep.</summary>
public sealed record TestDriverOptions
{
    /// <summary>Number of queues the driver asks for.</summary>
    public int Queues { get; init; } = 1;

    /// <summary>
    /// Today's driver (false): freeze resets and deletes the vqs, restore re-creates them (virtio-rng style), no
    /// noirq callbacks. Noirq-capable (true): the vqs survive, restore_noirq brings the device back.
    /// </summary>
    public bool NoirqCapable { get; init; } = true;

    /// <summary>restore_noirq calls virtio_device_ready_noirq (S3 turns this off).</summary>
    public bool ReadyInRestoreNoirq { get; init; } = true;

    /// <summary>restore_noirq sends a polled echo request on every queue after DRIVER_OK.</summary>
    public bool RequestInRestoreNoirq { get; init; } = true;

    /// <summary>restore_noirq fails with -EIO, before or after DRIVER_OK (error table rows).</summary>
    public RestoreNoirqFailure FailRestoreNoirq { get; init; }

    /// <summary>A buggy driver that posts and kicks a request before DRIVER_OK in restore_noirq (S10, non-HARDEN).</summary>
    public bool NotifyBeforeDriverOk { get; init; }

    /// <summary>freeze leaves a request posted and un-completed (S6: reset with a request in flight).</summary>
    public bool LeaveRequestInFlightAtFreeze { get; init; }

    /// <summary>Echo payload size in bytes.</summary>
    public int PayloadBytes { get; init; } = 16;
}

public enum RestoreNoirqFailure
{
    None,
    BeforeReady,
    AfterReady,
}

/// <summary>
/// A driver for the echo test device (every request: a readable payload and an equally long writable buffer the
/// device copies it into). Its today-mode mirrors virtio-rng (probe: find_vqs, virtio_device_ready, one request;
/// freeze: reset + del_vqs; restore: find_vqs again), which is what the real Linux traces record.
/// </summary>
public sealed class VirtioTestDriver : VirtioDriver
{
    public const uint TestDeviceId = 0x7FFF;

    private readonly TestDriverOptions _opt;
    private readonly List<RequestChannel> _channels = new();
    private readonly List<ulong> _noirqBuffers = new();
    private VirtioDevice? _vdev;
    private byte _seed = 1;

    public VirtioTestDriver(TestDriverOptions? options = null)
    {
        _opt = options ?? new TestDriverOptions();
    }

    public override string Name => "virtio_test";

    public override IReadOnlyList<uint> IdTable => new[] { TestDeviceId };

    public override IReadOnlyList<int> FeatureTable => new[] { 0 };

    public override bool HasFreeze => true;

    public override bool HasRestore => !_opt.NoirqCapable;

    public override bool HasFreezeNoirq => _opt.NoirqCapable;

    public override bool HasRestoreNoirq => _opt.NoirqCapable;

    public override bool HasConfigChanged => true;

    public TestDriverOptions Options => _opt;

    /// <summary>config_changed callbacks seen, with the context each ran in.</summary>
    public List<Tracing.ExecContext> ConfigChanges { get; } = new();

    /// <summary>Echo mismatches (the device copied the wrong bytes).</summary>
    public List<string> EchoErrors { get; } = new();

    public IReadOnlyList<Virtqueue> Vqs => _channels.Where(c => c.Vq != null).Select(c => c.Vq!).ToList();

    public override int probe(VirtioDevice vdev)
    {
        _vdev = vdev;
        int err = init_vqs(vdev);
        if (err != 0)
        {
            return err;
        }

        VirtioCore.virtio_device_ready(vdev);
        return Echo(0);
    }

    public override void remove(VirtioDevice vdev)
    {
        VirtioCore.virtio_reset_device(vdev);
        vdev.config_ops.del_vqs(vdev);
        FreeNoirqBuffers();
    }

    public override void config_changed(VirtioDevice vdev) => ConfigChanges.Add(vdev.Kernel.Context);

    public override int freeze(VirtioDevice vdev)
    {
        if (_opt.LeaveRequestInFlightAtFreeze)
        {
            // Post a request and kick it, but do not wait: the device may or may not complete it before the reset.
            int err = PostWithoutWaiting(0);
            if (err != 0)
            {
                return err;
            }
        }

        if (_opt.NoirqCapable)
        {
            // The vqs survive for reset_vqs; buffers are pre-allocated now, while allocation may still sleep.
            if (_noirqBuffers.Count == 0)
            {
                foreach (var _ in _channels)
                {
                    vdev.Kernel.gfp_kernel_alloc("kmalloc");
                    ulong? buffer = vdev.Dma!.Alloc(2 * _opt.PayloadBytes, 8);
                    if (buffer is null)
                    {
                        // kmalloc failed: undo, so the next freeze allocates a buffer per channel again; the suspend is aborted.
                        _noirqBuffers.ForEach(vdev.Dma.Free);
                        _noirqBuffers.Clear();
                        return -Errno.ENOMEM;
                    }

                    _noirqBuffers.Add(buffer.Value);
                }
            }

            return 0;
        }

        // virtio-rng's remove_common: reset, then delete the vqs.
        VirtioCore.virtio_reset_device(vdev);
        foreach (var c in _channels)
        {
            while (c.Vq!.virtqueue_detach_unused_buf() != null)
            {
            }
        }

        vdev.config_ops.del_vqs(vdev);
        return 0;
    }

    public override int restore(VirtioDevice vdev)
    {
        int err = init_vqs(vdev);
        if (err != 0)
        {
            return err;
        }

        VirtioCore.virtio_device_ready(vdev);
        return Echo(0);
    }

    public override int freeze_noirq(VirtioDevice vdev)
    {
        // A request left in flight by freeze is taken back here: the noirq restore resets the rings.
        foreach (var c in _channels)
        {
            while (c.Vq!.virtqueue_detach_unused_buf() != null)
            {
            }
        }

        return 0;
    }

    public override int restore_noirq(VirtioDevice vdev)
    {
        if (_opt.FailRestoreNoirq == RestoreNoirqFailure.BeforeReady)
        {
            return -Errno.EIO;
        }

        if (_opt.NotifyBeforeDriverOk)
        {
            // Driver bug (S10): without HARDEN nothing stops a kick before DRIVER_OK. The device must ignore it
            // or defer it until DRIVER_OK; the request is then collected after DRIVER_OK below.
            int posted = PostPolledWithoutWaiting(0);
            if (posted != 0)
            {
                return posted;
            }
        }

        if (_opt.ReadyInRestoreNoirq)
        {
            VirtioCore.virtio_device_ready_noirq(vdev);
        }

        if (_opt.FailRestoreNoirq == RestoreNoirqFailure.AfterReady)
        {
            return -Errno.EIO;
        }

        if (_opt.NotifyBeforeDriverOk)
        {
            return CollectPolled(0);
        }

        if (_opt.RequestInRestoreNoirq && _opt.ReadyInRestoreNoirq)
        {
            for (int q = 0; q < _channels.Count; q++)
            {
                int err = EchoPolled(q);
                if (err != 0)
                {
                    return err;
                }
            }
        }

        return 0;
    }

    /// <summary>An interrupt-driven echo request on queue <paramref name="q"/> (process context).</summary>
    public int Echo(int q)
    {
        byte[] payload = NextPayload();
        var reply = new byte[payload.Length];
        int err = _channels[q].Transact(payload, reply, payload.Length);
        if (err == 0)
        {
            CheckEcho(q, payload, reply);
        }

        return err;
    }

    /// <summary>A polled echo request on queue <paramref name="q"/> (noirq context, pre-allocated buffer).</summary>
    public int EchoPolled(int q)
    {
        byte[] payload = NextPayload();
        var reply = new byte[payload.Length];
        int err = _channels[q].TransactPolled(NoirqBuffer(q), payload, reply, payload.Length);
        if (err == 0)
        {
            CheckEcho(q, payload, reply);
        }

        return err;
    }

    /// <summary>Reads the u64 stamp (config 0x08) through the generation loop: low word = counter, high = ~counter.</summary>
    public (uint Counter, bool Torn) ReadStamp()
    {
        Span<byte> b = stackalloc byte[8];
        VirtioCore.__virtio_cread_many(_vdev!, 8, b, 1, 8);
        uint lo = System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(b);
        uint hi = System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(b[4..]);
        return (lo, hi != ~lo);
    }

    private byte[] _pendingPayload = Array.Empty<byte>();

    private int PostWithoutWaiting(int q)
    {
        ulong? allocated = _vdev!.Dma!.Alloc(2 * _opt.PayloadBytes, 8);
        if (allocated is null)
        {
            return -Errno.ENOMEM;
        }

        ulong buf = allocated.Value;
        _vdev.DmaMemory!.WriteMemory(buf, NextPayload());
        var vq = _channels[q].Vq!;
        int err = vq.virtqueue_add_sgs(new[] { new ScatterList(buf, _opt.PayloadBytes) },
            new[] { new ScatterList(buf + (ulong)_opt.PayloadBytes, _opt.PayloadBytes) }, buf);
        if (err == 0)
        {
            vq.virtqueue_kick();
        }

        return err;
    }

    private int PostPolledWithoutWaiting(int q)
    {
        _pendingPayload = NextPayload();
        ulong buf = NoirqBuffer(q);
        _vdev!.DmaMemory!.WriteMemory(buf, _pendingPayload);
        _vdev.DmaMemory.WriteMemory(buf + (ulong)_opt.PayloadBytes, new byte[_opt.PayloadBytes]);
        var vq = _channels[q].Vq!;
        int err = vq.virtqueue_add_sgs(new[] { new ScatterList(buf, _opt.PayloadBytes) },
            new[] { new ScatterList(buf + (ulong)_opt.PayloadBytes, _opt.PayloadBytes) }, buf, gfpAtomic: true);
        if (err == 0)
        {
            vq.virtqueue_kick();
            _vdev.DmaMemory.Flush();
            if (vq.more_used())
            {
                _vdev.Kernel.Log.Add(LogLevel.Err, _vdev.Name,
                    $"{vq.Name}: device published a used buffer for a QueueNotify sent before DRIVER_OK (#{_vdev.Kernel.Trace.LastAccessSeq}); it must ignore or defer it (§4.7)");
            }
        }

        return err;
    }

    private int CollectPolled(int q)
    {
        var vq = _channels[q].Vq!;
        var deadline = DateTime.UtcNow + _vdev!.Kernel.Config.CompletionTimeout;
        object? token;
        while ((token = vq.virtqueue_get_buf(out _)) == null)
        {
            if (vq.Broken || DateTime.UtcNow > deadline)
            {
                _vdev.Kernel.Log.Add(LogLevel.Err, _vdev.Name, $"{vq.Name}: request posted before DRIVER_OK was never served after DRIVER_OK");
                return -Errno.ETIMEDOUT;
            }

            _vdev.DmaMemory!.Flush();
        }

        var reply = new byte[_opt.PayloadBytes];
        _vdev.DmaMemory!.ReadMemory(NoirqBuffer(q) + (ulong)_opt.PayloadBytes, reply);
        CheckEcho(q, _pendingPayload, reply);
        return 0;
    }

    private ulong NoirqBuffer(int q)
    {
        if (q >= _noirqBuffers.Count)
        {
            throw new ProtocolViolationException("noirq request without a pre-allocated buffer");
        }

        return _noirqBuffers[q];
    }

    private void FreeNoirqBuffers()
    {
        foreach (ulong b in _noirqBuffers)
        {
            _vdev!.Dma!.Free(b);
        }

        _noirqBuffers.Clear();
    }

    private int init_vqs(VirtioDevice vdev)
    {
        _channels.Clear();
        var infos = new VirtqueueInfo[_opt.Queues];
        for (int i = 0; i < _opt.Queues; i++)
        {
            var channel = new RequestChannel(vdev);
            _channels.Add(channel);
            infos[i] = new VirtqueueInfo($"{vdev.Name}-q{i}", channel.Callback);
        }

        var vqs = new Virtqueue?[_opt.Queues];
        int err = vdev.config_ops.find_vqs(vdev, infos, vqs);
        if (err != 0)
        {
            return err;
        }

        for (int i = 0; i < _opt.Queues; i++)
        {
            _channels[i].Vq = vqs[i];
        }

        return 0;
    }

    private byte[] NextPayload()
    {
        var p = new byte[_opt.PayloadBytes];
        for (int i = 0; i < p.Length; i++)
        {
            p[i] = (byte)(_seed + (i * 7));
        }

        _seed++;
        return p;
    }

    private void CheckEcho(int q, byte[] sent, byte[] got)
    {
        if (!sent.AsSpan().SequenceEqual(got))
        {
            string msg = $"q{q}: echo mismatch after #{_vdev!.Kernel.Trace.LastAccessSeq}: sent {Convert.ToHexString(sent)}, got {Convert.ToHexString(got)}";
            EchoErrors.Add(msg);
            _vdev.Kernel.Log.Add(LogLevel.Err, _vdev.Name, msg);
        }
    }
}
