using LinuxVirtio.Kernel;
using LinuxVirtio.Ring;
using LinuxVirtio.Uapi;
using LinuxVirtio.Virtio;
using static LinuxVirtio.Drivers.VirtioClkMsg;

namespace LinuxVirtio.Drivers;

/// <summary>
/// The Qualcomm virtio_clk driver (drivers/clk/qcom/virtio_clk.c), as reached through the clk core, plus the
/// noirq-capable variant this project checks: freeze_noirq saves each clock's rate and prepare state from the clk
/// core's cache; restore_noirq (after the core's re-init and reset_vqs) sets DRIVER_OK and re-applies them with
/// polled requests. Without VIRTIO_CLK_F_NAME clocks are "virtio_&lt;instance&gt;_&lt;i&gt;" with id i; the SoC
/// tables selected by F_NAME are not modelled (the name is only logged).
/// </summary>
public sealed class VirtioClkDriver : VirtioDriver
{
    public const uint VIRTIO_ID_CLOCK = 0xC000;
    public const uint VIRTIO_ID_CLOCK_BC = 30;
    public const int VIRTIO_CLK_F_RESET = 1;
    public const int VIRTIO_CLK_F_NAME = 2;

    private static int s_instance;
    private readonly bool _noirqCapable;
    private RequestChannel? _channel;
    private VirtioDevice? _vdev;
    private ulong _noirqBuffer;
    private ClockState[] _clocks = Array.Empty<ClockState>();
    private ClockState[] _saved = Array.Empty<ClockState>();

    public VirtioClkDriver(bool noirqCapable = true)
    {
        _noirqCapable = noirqCapable;
    }

    public override string Name => "virtio_clk";

    public override IReadOnlyList<uint> IdTable => new[] { VIRTIO_ID_CLOCK, VIRTIO_ID_CLOCK_BC };

    public override IReadOnlyList<int> FeatureTable => new[] { VIRTIO_CLK_F_RESET, VIRTIO_CLK_F_NAME };

    public override bool HasFreeze => _noirqCapable;

    public override bool HasFreezeNoirq => _noirqCapable;

    public override bool HasRestoreNoirq => _noirqCapable;

    public uint NumClks { get; private set; }

    public uint NumResets { get; private set; }

    public string ConfigName { get; private set; } = "";

    /// <summary>Request results that were errors (result != 0), for scenarios that expect none.</summary>
    public List<string> Errors { get; } = new();

    public ClockState Clock(int i) => _clocks[i];

    public override int probe(VirtioDevice vdev)
    {
        _vdev = vdev;
        if (!vdev.virtio_has_feature(VirtioFeatures.Version1))
        {
            return -Errno.ENODEV;
        }

        _channel = new RequestChannel(vdev);
        var vqs = new Virtqueue?[1];
        int err = vdev.config_ops.find_vqs(vdev, new[] { new VirtqueueInfo("clock", _channel.Callback) }, vqs);
        if (err != 0)
        {
            return err;
        }

        _channel.Vq = vqs[0];

        // The driver sets DRIVER_OK before it reads its config.
        VirtioCore.virtio_device_ready(vdev);
        NumClks = VirtioCore.virtio_cread(vdev, 0, 4);
        if (vdev.virtio_has_feature(VIRTIO_CLK_F_RESET))
        {
            NumResets = VirtioCore.virtio_cread(vdev, 4, 4);
        }

        if (vdev.virtio_has_feature(VIRTIO_CLK_F_NAME))
        {
            Span<byte> name = stackalloc byte[20];
            VirtioCore.virtio_cread_bytes(vdev, 8, name);
            int nul = name.IndexOf((byte)0);
            ConfigName = System.Text.Encoding.ASCII.GetString(nul < 0 ? name : name[..nul]);
        }

        // The driver's static instance counter: clocks are "virtio_<instance>_<i>" without F_NAME.
        int instance = Interlocked.Increment(ref s_instance) - 1;
        _clocks = new ClockState[NumClks];
        for (int i = 0; i < NumClks; i++)
        {
            _clocks[i] = new ClockState($"virtio_{instance}_{i}", (uint)i);

            // devm_clk_hw_register → .recalc_rate: one GET_RATE per clock, in index order.
            _clocks[i].Rate = recalc_rate(i);
        }

        return 0;
    }

    /// <summary>.prepare: ENABLE.</summary>
    public int clk_prepare(int i)
    {
        int r = Request(i, VIRTIO_CLK_T_ENABLE, 0, out _);
        if (r == 0)
        {
            _clocks[i].Prepared = true;
        }

        return r;
    }

    /// <summary>.unprepare: DISABLE (result only logged).</summary>
    public void clk_unprepare(int i)
    {
        Request(i, VIRTIO_CLK_T_DISABLE, 0, out _);
        _clocks[i].Prepared = false;
    }

    /// <summary>clk_set_rate through the clk core: ROUND_RATE, SET_RATE(rounded), then GET_RATE (recalc).</summary>
    public int clk_set_rate(int i, uint rate)
    {
        uint rounded = Request(i, VIRTIO_CLK_T_ROUND_RATE, rate, out uint r) == 0 ? r : 0;
        int ret = Request(i, VIRTIO_CLK_T_SET_RATE, rounded, out _);
        _clocks[i].Rate = recalc_rate(i);
        return ret;
    }

    /// <summary>.recalc_rate: GET_RATE; an error result means 0 Hz.</summary>
    public uint recalc_rate(int i) => Request(i, VIRTIO_CLK_T_GET_RATE, 0, out uint rate) == 0 ? rate : 0;

    public override int freeze(VirtioDevice vdev)
    {
        // Pre-allocate the noirq request buffer while GFP_KERNEL is still allowed; the vq is kept for reset_vqs.
        if (_noirqBuffer == 0)
        {
            vdev.Kernel.gfp_kernel_alloc("kzalloc");
            ulong? buffer = vdev.Dma!.Alloc(Size, 8);
            if (buffer is null)
            {
                return -Errno.ENOMEM; // kzalloc failed: the suspend is aborted, as in the driver
            }

            _noirqBuffer = buffer.Value;
        }

        return 0;
    }

    public override int freeze_noirq(VirtioDevice vdev)
    {
        // Save rates and prepare state from the clk core's cache: no request can be made here.
        _saved = _clocks.Select(c => c with { }).ToArray();
        return 0;
    }

    public override int restore_noirq(VirtioDevice vdev)
    {
        VirtioCore.virtio_device_ready_noirq(vdev);
        for (int i = 0; i < _saved.Length; i++)
        {
            if (_saved[i].Rate != 0)
            {
                int r = RequestPolled(i, VIRTIO_CLK_T_SET_RATE, _saved[i].Rate, out _);
                if (r != 0)
                {
                    return r;
                }
            }

            if (_saved[i].Prepared)
            {
                int r = RequestPolled(i, VIRTIO_CLK_T_ENABLE, 0, out _);
                if (r != 0)
                {
                    return r;
                }
            }
        }

        return 0;
    }

    private int Request(int i, uint type, uint data0, out uint replyData0)
    {
        var reply = new byte[Size];
        int err = _channel!.Transact(Build(_clocks[i].Name, (uint)i, type, data0), reply);
        return Finish(i, type, err, reply, out replyData0);
    }

    private int RequestPolled(int i, uint type, uint data0, out uint replyData0)
    {
        var reply = new byte[Size];
        int err = _channel!.TransactPolled(_noirqBuffer, Build(_clocks[i].Name, (uint)i, type, data0), reply);
        return Finish(i, type, err, reply, out replyData0);
    }

    private int Finish(int i, uint type, int err, byte[] reply, out uint replyData0)
    {
        replyData0 = 0;
        if (err != 0)
        {
            Errors.Add($"clock {i} type {type}: {Errno.Describe(err)}");
            return err;
        }

        int result = Result(reply);
        replyData0 = Data0(reply);
        if (result != 0 && type != VIRTIO_CLK_T_GET_RATE)
        {
            Errors.Add($"clock {i} type {type}: result {result}");
        }

        return result;
    }
}

/// <summary>What the clk core caches for one clock.</summary>
public sealed record ClockState(string Name, uint Id)
{
    public uint Rate { get; set; }

    public bool Prepared { get; set; }
}
