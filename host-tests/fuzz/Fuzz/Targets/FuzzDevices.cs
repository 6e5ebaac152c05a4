using VirtioMmio.Devices.Clock;
using VirtioMmio.Devices.Regulator;
using VirtioMmio.Devices.Test;
using VirtioMmio.Hardware;
using VirtioMmio.Memory;
using VirtioMmio.Transport;

namespace Fuzz.Targets;

/// <summary>The device variants the harnesses pick from (by an input byte): every personality and both versions.</summary>
public static class FuzzDevices
{
    public const ulong WindowBase = 0x4000_0000;
    public const int Variants = 4;

    public static string Describe(int variant) => (variant % Variants) switch
    {
        0 => "echo, 2 queues, modern",
        1 => "echo, 1 queue, legacy",
        2 => "virtio-clock",
        _ => "virtio-regulator",
    };

    public static bool IsLegacy(int variant) => variant % Variants == 1;

    public static bool IsEcho(int variant) => variant % Variants <= 1;

    public static MmioTransport Create(int variant, MemoryWindow memory, ushort queueMax = 16) =>
        new(CreatePersonality(variant, queueMax), memory, Options(variant));

    public static IVirtioPersonality CreatePersonality(int variant, ushort queueMax = 16) => (variant % Variants) switch
    {
        0 => new EchoTestDevice(2, queueMax),
        1 => new EchoTestDevice(1, queueMax),
        2 => CreateClock(),
        _ => CreateRegulator(),
    };

    public static TransportOptions Options(int variant) =>
        IsLegacy(variant) ? new TransportOptions { Version = 1 } : new TransportOptions();

    public static ClockDevice CreateClock()
    {
        var clocks = new[]
        {
            new ClockDescriptor("gcc_uart_clk", 0, 0, 1_000_000, 200_000_000, 0, 19_200_000, false),
            new ClockDescriptor("gcc_spi_clk", 1, 1, new uint[] { 19_200_000, 50_000_000, 100_000_000 }, 50_000_000, true)
            {
                ParentNames = new[] { "bi_tcxo", "gpll0" },
                InitialParent = 0,
            },
        };
        var resets = new[] { new ResetDescriptor("gcc_usb_bcr", 0, 0, false) };
        var hardware = new SimulatedClockHardware(clocks.Length, resets.Length, new TransitionJournal(64));
        return new ClockDevice(clocks, resets, new ClockDeviceOptions { OfferName = true, ConfigName = "fuzz-gcc" }, hardware, hardware);
    }

    public static RegulatorDevice CreateRegulator()
    {
        var regulators = new[]
        {
            new RegulatorDescriptor("vdd_core", 0, 800_000, 1_200_000, 50_000, 1_000_000, true)
            {
                MinCurrentLimitMicroamps = 50_000,
                MaxCurrentLimitMicroamps = 300_000,
                InitialCurrentLimitMicroamps = 100_000,
                AllowedModes = RegulatorModes.Fast | RegulatorModes.Normal,
                InitialMode = RegulatorModes.Normal,
                MaxLoadMicroamps = 300_000,
            },
            RegulatorDescriptor.Switch("usb_vbus", 1, false),
        };
        var hardware = new SimulatedRegulatorHardware(regulators.Length, new TransitionJournal(64));
        return new RegulatorDevice(regulators, new RegulatorDeviceOptions(), hardware);
    }
}
