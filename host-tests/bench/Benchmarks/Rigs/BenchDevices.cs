using VirtioMmio.App;
using VirtioMmio.Devices.Clock;
using VirtioMmio.Devices.Regulator;
using VirtioMmio.Devices.Test;
using VirtioMmio.Hardware;
using VirtioMmio.Memory;
using VirtioMmio.Transport;

namespace Benchmarks.Rigs;

/// <summary>
/// The devices every benchmark and the fault campaign use: the 2-queue echo test device (the restore_noirq
/// cycle), and a small clock and regulator model (the request paths). One shared memory window, as on a board.
/// </summary>
public static class BenchDevices
{
    public const ulong MemoryBase = 0x8000_0000;
    public const int MemorySize = 64 * 1024;

    public const int TwoQueueSlot = 0;
    public const int ClockSlot = 1;
    public const int RegulatorSlot = 2;

    public const string UartClock = "gcc_uart_clk";
    public const uint UartClockRate = 19_200_000;
    public const string CoreRail = "vdd_core";
    public const uint CoreRailMillivolts = 1000; // GET_VOLTAGE answers in mV

    public static DeviceSet CreateSet()
    {
        var set = new DeviceSet(new MemoryWindow(MemoryBase, MemorySize), 3);
        set.AddSlot("test-2q", new EchoTestDevice(2, 16), new TransportOptions());
        set.AddSlot("clock", CreateClock(), new TransportOptions());
        set.AddSlot("regulator", CreateRegulator(), new TransportOptions());
        return set;
    }

    public static ClockDevice CreateClock()
    {
        var clocks = new[]
        {
            new ClockDescriptor(UartClock, 0, 0, 1_000_000, 200_000_000, 0, UartClockRate, false),
            new ClockDescriptor("gcc_spi_clk", 1, 1, new uint[] { 19_200_000, 50_000_000, 100_000_000 }, 50_000_000, true),
        };
        var resets = new[] { new ResetDescriptor("gcc_usb_bcr", 0, 0, false) };
        var hardware = new SimulatedClockHardware(clocks.Length, resets.Length, new TransitionJournal(256));
        return new ClockDevice(clocks, resets, new ClockDeviceOptions(), hardware, hardware);
    }

    public static RegulatorDevice CreateRegulator()
    {
        var regulators = new[]
        {
            RegulatorDescriptor.FromMillivolts(CoreRail, 0, 800, 1200, 50, 1000, true),
            RegulatorDescriptor.FromMillivolts("vdd_io", 1, 1800, 3300, 100, 3300, false),
        };
        var hardware = new SimulatedRegulatorHardware(regulators.Length, new TransitionJournal(256));
        return new RegulatorDevice(regulators, new RegulatorDeviceOptions(), hardware);
    }
}
