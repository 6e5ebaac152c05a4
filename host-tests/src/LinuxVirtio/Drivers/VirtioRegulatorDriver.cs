using LinuxVirtio.Kernel;
using LinuxVirtio.Ring;
using LinuxVirtio.Uapi;
using LinuxVirtio.Virtio;
using static LinuxVirtio.Drivers.VirtioRegulatorMsg;

namespace LinuxVirtio.Drivers;

/// <summary>One regulator DT node: regulator-name and constraints (µV).</summary>
public sealed record RegulatorNode(string Name, int MinUv, int MaxUv, bool AlwaysOn);

/// <summary>
/// The Qualcomm virtio_regulator driver (drivers/regulator/virtio_regulator.c) as reached through the regulator
/// core, plus the noirq-capable variant: freeze_noirq saves enables and voltages from the core's cache;
/// restore_noirq sets DRIVER_OK and re-applies them with polled requests.
/// </summary>
public sealed class VirtioRegulatorDriver : VirtioDriver
{
    public const uint VIRTIO_ID_REGULATOR = 0xC001;
    public const uint VIRTIO_ID_REGULATOR_BC = 31;

    private readonly bool _noirqCapable;
    private readonly RegulatorNode[] _nodes;
    private RequestChannel? _channel;
    private ulong _noirqBuffer;
    private RegulatorState[] _regs = Array.Empty<RegulatorState>();
    private RegulatorState[] _saved = Array.Empty<RegulatorState>();

    public VirtioRegulatorDriver(IEnumerable<RegulatorNode> dtNodes, bool noirqCapable = true)
    {
        _nodes = dtNodes.ToArray();
        _noirqCapable = noirqCapable;
    }

    public override string Name => "virtio_regulator";

    public override IReadOnlyList<uint> IdTable => new[] { VIRTIO_ID_REGULATOR, VIRTIO_ID_REGULATOR_BC };

    public override IReadOnlyList<int> FeatureTable => Array.Empty<int>();

    public override bool HasFreeze => _noirqCapable;

    public override bool HasFreezeNoirq => _noirqCapable;

    public override bool HasRestoreNoirq => _noirqCapable;

    public List<string> Errors { get; } = new();

    public RegulatorState Regulator(int i) => _regs[i];

    public override int probe(VirtioDevice vdev)
    {
        if (!vdev.virtio_has_feature(VirtioFeatures.Version1))
        {
            return -Errno.ENODEV;
        }

        if (_nodes.Length == 0)
        {
            return -Errno.ENODEV;
        }

        _channel = new RequestChannel(vdev);
        var vqs = new Virtqueue?[1];
        int err = vdev.config_ops.find_vqs(vdev, new[] { new VirtqueueInfo("regulator", _channel.Callback) }, vqs);
        if (err != 0)
        {
            return err;
        }

        _channel.Vq = vqs[0];
        VirtioCore.virtio_device_ready(vdev);

        _regs = _nodes.Select(n => new RegulatorState(n)).ToArray();
        for (int i = 0; i < _regs.Length; i++)
        {
            // regulator_register: voltage constraints first (GET, then SET if unknown/out of range), then always-on enable.
            var n = _nodes[i];
            if (n.MinUv > 0 && n.MaxUv > 0)
            {
                int uv = get_voltage(i);
                if (uv < n.MinUv || uv > n.MaxUv)
                {
                    set_voltage(i, n.MinUv, n.MaxUv);
                }
            }

            if (n.AlwaysOn)
            {
                enable(i);
            }
        }

        return 0;
    }

    /// <summary>.enable: ENABLE; the cached state follows a zero result.</summary>
    public int enable(int i)
    {
        int r = Request(i, VIRTIO_REGULATOR_T_ENABLE, 0, 0, out _);
        if (r == 0)
        {
            _regs[i].Enabled = true;
        }

        return r;
    }

    public int disable(int i)
    {
        int r = Request(i, VIRTIO_REGULATOR_T_DISABLE, 0, 0, out _);
        if (r == 0)
        {
            _regs[i].Enabled = false;
        }

        return r;
    }

    /// <summary>.set_voltage: data[0] = ceil(min/1000) mV, data[1] = floor(max/1000) mV.</summary>
    public int set_voltage(int i, int minUv, int maxUv)
    {
        int r = Request(i, VIRTIO_REGULATOR_T_SET_VOLTAGE, (uint)((minUv + 999) / 1000), (uint)(maxUv / 1000), out _);
        if (r == 0)
        {
            _regs[i].MinUv = minUv;
            _regs[i].MaxUv = maxUv;
        }

        return r;
    }

    /// <summary>.get_voltage: µV, or 1 (VIRTIO_REGULATOR_VOLTAGE_UNKNOWN) on an error result.</summary>
    public int get_voltage(int i) => Request(i, VIRTIO_REGULATOR_T_GET_VOLTAGE, 0, 0, out uint mv) == 0 ? (int)mv * 1000 : 1;

    public override int freeze(VirtioDevice vdev)
    {
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
        _saved = _regs.Select(r => r with { }).ToArray();
        return 0;
    }

    public override int restore_noirq(VirtioDevice vdev)
    {
        VirtioCore.virtio_device_ready_noirq(vdev);
        for (int i = 0; i < _saved.Length; i++)
        {
            if (_saved[i].MinUv > 0)
            {
                int r = RequestPolled(i, VIRTIO_REGULATOR_T_SET_VOLTAGE, (uint)((_saved[i].MinUv + 999) / 1000), (uint)(_saved[i].MaxUv / 1000));
                if (r != 0)
                {
                    return r;
                }
            }

            if (_saved[i].Enabled)
            {
                int r = RequestPolled(i, VIRTIO_REGULATOR_T_ENABLE, 0, 0);
                if (r != 0)
                {
                    return r;
                }
            }
        }

        return 0;
    }

    private int Request(int i, uint type, uint d0, uint d1, out uint replyData0)
    {
        var reply = new byte[Size];
        int err = _channel!.Transact(Build(_nodes[i].Name, type, d0, d1), reply);
        return Finish(i, type, err, reply, out replyData0);
    }

    private int RequestPolled(int i, uint type, uint d0, uint d1)
    {
        var reply = new byte[Size];
        int err = _channel!.TransactPolled(_noirqBuffer, Build(_nodes[i].Name, type, d0, d1), reply);
        return Finish(i, type, err, reply, out _);
    }

    private int Finish(int i, uint type, int err, byte[] reply, out uint replyData0)
    {
        replyData0 = 0;
        if (err != 0)
        {
            Errors.Add($"regulator {_nodes[i].Name} type {type}: {Errno.Describe(err)}");
            return err;
        }

        int result = Result(reply);
        replyData0 = Data0(reply);
        if (result != 0 && type != VIRTIO_REGULATOR_T_GET_VOLTAGE)
        {
            Errors.Add($"regulator {_nodes[i].Name} type {type}: result {result}");
        }

        return result;
    }
}

/// <summary>What the regulator core caches for one regulator.</summary>
public sealed record RegulatorState(RegulatorNode Node)
{
    public bool Enabled { get; set; }

    public int MinUv { get; set; }

    public int MaxUv { get; set; }
}
