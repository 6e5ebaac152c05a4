using VirtioMmio.Devices.Clock;
using VirtioMmio.Devices.Regulator;
using VirtioMmio.Hardware;

namespace RestoreSuite.InProcess;

/// <summary>
/// The clock and regulator resources of the standard board. The regulator names are the guest's device tree
/// (RestoreSuite.Cases.OutputScenarios.StandardRegulatorNodes): the virtio_regulator protocol identifies
/// regulators by name only.
/// </summary>
public static class StandardBoard
{
    public static ClockDevice CreateClock()
    {
        var clocks = new[]
        {
            new ClockDescriptor("gcc_uart_clk", 0, 0, 1_000_000, 200_000_000, 0, 19_200_000, false),
            new ClockDescriptor("gcc_spi_clk", 1, 1, new uint[] { 19_200_000, 50_000_000, 100_000_000 }, 50_000_000, true),
            new ClockDescriptor("gcc_i2c_clk", 2, 2, 1_000_000, 100_000_000, 1_000_000, 10_000_000, false),
        };
        var resets = new[] { new ResetDescriptor("gcc_usb_bcr", 0, 0, false) };
        var hardware = new SimulatedClockHardware(clocks.Length, resets.Length, new TransitionJournal(256));
        return new ClockDevice(clocks, resets, new ClockDeviceOptions(), hardware, hardware);
    }

    public static RegulatorDevice CreateRegulator()
    {
        var regulators = new[]
        {
            RegulatorDescriptor.FromMillivolts("vdd_core", 0, 800, 1200, 50, 1000, true),
            RegulatorDescriptor.FromMillivolts("vdd_io", 1, 1800, 3300, 100, 3300, false),
        };
        var hardware = new SimulatedRegulatorHardware(regulators.Length, new TransitionJournal(256));
        return new RegulatorDevice(regulators, new RegulatorDeviceOptions(), hardware);
    }
}
