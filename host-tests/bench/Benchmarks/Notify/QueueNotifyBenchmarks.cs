using BenchmarkDotNet.Attributes;
using Benchmarks.Rigs;
using VirtioMmio.Devices.Clock;
using VirtioMmio.Devices.Regulator;
using VirtioMmio.Memory;
using VirtioMmio.Transport;

namespace Benchmarks.Notify;

/// <summary>
/// One request through the whole device path: the driver makes chain 0 available (a 2-byte avail idx store) and
/// writes QueueNotify; inside that write the transport walks the ring, the personality parses the message, runs it
/// against the simulated hardware and writes the reply back into the request buffer (compatibility write-back),
/// and the used ring is published. Clock: GET_RATE of gcc_uart_clk. Regulator: GET_VOLTAGE of vdd_core.
/// </summary>
public class QueueNotifyBenchmarks
{
    private MmioTransport _clock = null!;
    private MmioTransport _regulator = null!;
    private DriverRing _clockRing = null!;
    private DriverRing _regulatorRing = null!;

    [GlobalSetup]
    public void Setup()
    {
        _clock = new MmioTransport(BenchDevices.CreateClock(), new MemoryWindow(BenchDevices.MemoryBase, 0x2000), new TransportOptions());
        _clockRing = Prepare(_clock, ClockMessage.Size, ClockMessage.NameOffset, ClockMessage.TypeOffset, BenchDevices.UartClock, ClockRequestType.GetRate);
        _regulator = new MmioTransport(BenchDevices.CreateRegulator(), new MemoryWindow(BenchDevices.MemoryBase, 0x2000), new TransportOptions());
        _regulatorRing = Prepare(_regulator, RegulatorMessage.Size, RegulatorMessage.NameOffset, RegulatorMessage.TypeOffset, BenchDevices.CoreRail, RegulatorRequestType.GetVoltage);

        // Prove once that the measured path is the successful one.
        Expect(_clock, _clockRing, ClockMessage.ResultOffset, BenchDevices.UartClockRate);
        Expect(_regulator, _regulatorRing, RegulatorMessage.ResultOffset, BenchDevices.CoreRailMillivolts);
    }

    [Benchmark]
    public MmioAccessResult ClockGetRate() => _clockRing.PostAndNotify();

    [Benchmark]
    public MmioAccessResult RegulatorGetVoltage() => _regulatorRing.PostAndNotify();

    private static DriverRing Prepare(MmioTransport transport, int size, int nameOffset, int typeOffset, string name, uint type)
    {
        DriverRing.Negotiate(transport);
        var ring = new DriverRing(transport, 0, BenchDevices.MemoryBase);
        ring.Enable();
        DriverRing.DriverOk(transport);

        var message = new byte[size];
        for (int i = 0; i < name.Length; i++)
        {
            message[nameOffset + i] = (byte)name[i];
        }

        LittleEndian.WriteU32(message, typeOffset, type);
        transport.Memory.HostWrite(ring.Buffers, message, 0, size);
        ring.SetSingleReadableDescriptor(ring.Buffers, (uint)size);
        return ring;
    }

    private static void Expect(MmioTransport transport, DriverRing ring, int resultOffset, uint data0)
    {
        ushort before = ring.ReadUsedIdx();
        if (ring.PostAndNotify() != MmioAccessResult.Ok || ring.ReadUsedIdx() != (ushort)(before + 1))
        {
            throw new InvalidOperationException("the request was not completed inside the QueueNotify write");
        }

        var reply = new byte[8];
        transport.Memory.HostRead(ring.Buffers + (ulong)resultOffset, reply, 0, 8);
        uint result = LittleEndian.ReadU32(reply, 0);
        uint value = LittleEndian.ReadU32(reply, 4);
        if (result != 0 || value != data0)
        {
            throw new InvalidOperationException($"unexpected reply: result {result}, data[0] {value} (expected 0, {data0})");
        }
    }
}
