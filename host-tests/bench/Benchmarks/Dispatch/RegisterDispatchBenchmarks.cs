using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Benchmarks.Rigs;
using VirtioMmio.Devices.Test;
using VirtioMmio.Memory;
using VirtioMmio.Transport;

namespace Benchmarks.Dispatch;

/// <summary>
/// One register access of each class through <see cref="MmioTransport"/>, each next to the same access on the bare
/// <see cref="BaselineRegisterFile"/> (Ratio column = device / baseline, per category). Each invocation does
/// <see cref="Accesses"/> accesses so that the ~ns cost of one is measurable. The device is a 2-queue echo device
/// after FEATURES_OK with queue 0 selected and not ready (so address writes are accepted).
/// </summary>
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class RegisterDispatchBenchmarks
{
    public const int Accesses = 1024;

    private MmioTransport _device = null!;
    private BaselineRegisterFile _baseline = null!;

    // Instance fields, not constants, so the JIT cannot fold the offset into the dispatch.
    private int _magic = MmioRegisters.MagicValue;
    private int _features = MmioRegisters.DeviceFeatures;
    private int _status = MmioRegisters.Status;
    private int _numMax = MmioRegisters.QueueNumMax;
    private int _config = MmioRegisters.Config;
    private int _queueSel = MmioRegisters.QueueSel;
    private int _descLow = MmioRegisters.QueueDescLow;
    private int _interruptAck = MmioRegisters.InterruptAck;
    private int _queueReady = MmioRegisters.QueueReady;
    private uint _statusValue;

    [GlobalSetup]
    public void Setup()
    {
        _device = new MmioTransport(new EchoTestDevice(2, 16), new MemoryWindow(BenchDevices.MemoryBase, 0x4000), new TransportOptions());
        DriverRing.Negotiate(_device);
        _statusValue = _device.Status;
        _baseline = new BaselineRegisterFile();
    }

    [BenchmarkCategory("R identity (MagicValue)"), Benchmark(Baseline = true, OperationsPerInvoke = Accesses)]
    public uint Baseline_ReadIdentity() => BaselineReads(_magic);

    [BenchmarkCategory("R identity (MagicValue)"), Benchmark(OperationsPerInvoke = Accesses)]
    public uint Device_ReadIdentity() => DeviceReads(_magic);

    [BenchmarkCategory("R feature word (DeviceFeatures)"), Benchmark(Baseline = true, OperationsPerInvoke = Accesses)]
    public uint Baseline_ReadFeatures() => BaselineReads(_features);

    [BenchmarkCategory("R feature word (DeviceFeatures)"), Benchmark(OperationsPerInvoke = Accesses)]
    public uint Device_ReadFeatures() => DeviceReads(_features);

    [BenchmarkCategory("R Status"), Benchmark(Baseline = true, OperationsPerInvoke = Accesses)]
    public uint Baseline_ReadStatus() => BaselineReads(_status);

    [BenchmarkCategory("R Status"), Benchmark(OperationsPerInvoke = Accesses)]
    public uint Device_ReadStatus() => DeviceReads(_status);

    [BenchmarkCategory("R queue register (QueueNumMax)"), Benchmark(Baseline = true, OperationsPerInvoke = Accesses)]
    public uint Baseline_ReadQueueNumMax() => BaselineReads(_numMax);

    [BenchmarkCategory("R queue register (QueueNumMax)"), Benchmark(OperationsPerInvoke = Accesses)]
    public uint Device_ReadQueueNumMax() => DeviceReads(_numMax);

    [BenchmarkCategory("R config space (u32)"), Benchmark(Baseline = true, OperationsPerInvoke = Accesses)]
    public uint Baseline_ReadConfig() => BaselineReads(_config);

    [BenchmarkCategory("R config space (u32)"), Benchmark(OperationsPerInvoke = Accesses)]
    public uint Device_ReadConfig() => DeviceReads(_config);

    [BenchmarkCategory("W selector (QueueSel)"), Benchmark(Baseline = true, OperationsPerInvoke = Accesses)]
    public void Baseline_WriteSelector() => BaselineWrites(_queueSel, 0);

    [BenchmarkCategory("W selector (QueueSel)"), Benchmark(OperationsPerInvoke = Accesses)]
    public int Device_WriteSelector() => DeviceWrites(_queueSel, 0);

    [BenchmarkCategory("W queue address (QueueDescLow)"), Benchmark(Baseline = true, OperationsPerInvoke = Accesses)]
    public void Baseline_WriteQueueAddress() => BaselineWrites(_descLow, 0x1000);

    [BenchmarkCategory("W queue address (QueueDescLow)"), Benchmark(OperationsPerInvoke = Accesses)]
    public int Device_WriteQueueAddress() => DeviceWrites(_descLow, 0x1000);

    [BenchmarkCategory("W Status (same value)"), Benchmark(Baseline = true, OperationsPerInvoke = Accesses)]
    public void Baseline_WriteStatus() => BaselineWrites(_status, _statusValue);

    [BenchmarkCategory("W Status (same value)"), Benchmark(OperationsPerInvoke = Accesses)]
    public int Device_WriteStatus() => DeviceWrites(_status, _statusValue);

    [BenchmarkCategory("W InterruptACK"), Benchmark(Baseline = true, OperationsPerInvoke = Accesses)]
    public void Baseline_WriteInterruptAck() => BaselineWrites(_interruptAck, 1);

    [BenchmarkCategory("W InterruptACK"), Benchmark(OperationsPerInvoke = Accesses)]
    public int Device_WriteInterruptAck() => DeviceWrites(_interruptAck, 1);

    // Linux's vm_setup_vq probe: select a queue, read QueueReady (must be 0), read QueueNumMax. One op = these 3 accesses,
    // alternating between queue 0 and 1, so a register file that does work at QueueSel is charged for it here.
    [BenchmarkCategory("RW queue probe (QueueSel, QueueReady, QueueNumMax)"), Benchmark(Baseline = true, OperationsPerInvoke = Accesses)]
    public uint Baseline_QueueProbe()
    {
        uint sum = 0;
        for (int i = 0; i < Accesses; i++)
        {
            _baseline.Write(_queueSel, (uint)(i & 1));
            sum += _baseline.Read(_queueReady) + _baseline.Read(_numMax);
        }

        return sum;
    }

    [BenchmarkCategory("RW queue probe (QueueSel, QueueReady, QueueNumMax)"), Benchmark(OperationsPerInvoke = Accesses)]
    public uint Device_QueueProbe()
    {
        uint sum = 0;
        for (int i = 0; i < Accesses; i++)
        {
            _device.Write(_queueSel, 4, (uint)(i & 1));
            _device.Read(_queueReady, 4, out uint ready);
            _device.Read(_numMax, 4, out uint numMax);
            sum += ready + numMax;
        }

        return sum;
    }

    private uint BaselineReads(int offset)
    {
        uint sum = 0;
        for (int i = 0; i < Accesses; i++)
        {
            sum += _baseline.Read(offset);
        }

        return sum;
    }

    private uint DeviceReads(int offset)
    {
        uint sum = 0;
        for (int i = 0; i < Accesses; i++)
        {
            _device.Read(offset, 4, out uint value);
            sum += value;
        }

        return sum;
    }

    private void BaselineWrites(int offset, uint value)
    {
        for (int i = 0; i < Accesses; i++)
        {
            _baseline.Write(offset, value);
        }
    }

    private int DeviceWrites(int offset, uint value)
    {
        int refused = 0;
        for (int i = 0; i < Accesses; i++)
        {
            refused += (int)_device.Write(offset, 4, value);
        }

        return refused;
    }
}
