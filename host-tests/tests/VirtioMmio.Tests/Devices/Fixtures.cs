using VirtioMmio.Devices.Clock;
using VirtioMmio.Devices.Regulator;
using VirtioMmio.Hardware;

namespace VirtioMmio.Tests.Devices;

/// <summary>A small but realistic resource model, in the shape the board files generate.</summary>
internal static class Fixtures
{
    // Clock ids follow a dt-bindings header (sparse); outputs are hardware channels.
    public const string Uart = "gcc_qupv3_wrap0_s0_clk";          // id 0, discrete rates, output 0
    public const string Sdcc = "gcc_sdcc2_apps_clk_src";          // id 3, range with step and 3 parents, output 1
    public const string Name39 = "gcc_aggre_ufs_phy_axi_hw_ctl_clk_src_ab"; // id 4, exactly 39 characters, output 2
    public const string Overlong = "gcc_camera_ahb_clk_with_an_overlong_name_abcde"; // id 5, 46 characters (39 travel on the wire), output 3
    public const string UsbReset = "gcc_usb30_prim_master_clk";   // reset id 0, line 0 (a reset named after its branch clock)

    public static readonly uint[] UartRates = [7_372_800, 14_745_600, 19_200_000, 29_491_200, 48_000_000, 64_000_000, 100_000_000];

    public static ClockDescriptor[] Clocks() =>
    [
        new ClockDescriptor(Uart, 0, 0, UartRates, 19_200_000, false),
        new ClockDescriptor(Sdcc, 3, 1, 400_000, 200_000_000, 100_000, 400_000, true)
        {
            ParentNames = ["bi_tcxo", "gpll0_out_even", "gpll4_out_main"],
            InitialParent = 0,
        },
        new ClockDescriptor(Name39, 4, 2, 19_200_000, 19_200_000, 0, 19_200_000, true),
        new ClockDescriptor(Overlong, 5, 3, 1_000_000, 2_000_000_000, 0, 1_000_000, false)
        {
            InitialMemoryFlags = ClockMemoryFlags.RetainMemory,
        },
    ];

    public static ResetDescriptor[] Resets() =>
    [
        new ResetDescriptor(UsbReset, 0, 0, false),
        new ResetDescriptor("", 2, 1, true),
    ];

    public sealed record ClockRig(ClockDevice Device, SimulatedClockHardware Hardware, TransitionJournal Journal, RequestRig Rig);

    /// <summary>A clock device after feature negotiation (default: RESET and NAME negotiated, "sm8150-gcc").</summary>
    public static ClockRig Clock(ClockDeviceOptions? options = null, ulong? negotiated = null)
    {
        options ??= new ClockDeviceOptions { OfferName = true, ConfigName = "sm8150-gcc" };
        var journal = new TransitionJournal(256);
        var hardware = new SimulatedClockHardware(4, 2, journal);
        var device = new ClockDevice(Clocks(), Resets(), options, hardware, hardware);
        device.OnFeaturesNegotiated(negotiated ?? (Wire.VersionOne | device.DeviceFeatures));
        return new ClockRig(device, hardware, journal, new RequestRig());
    }

    public const string Ldo = "pm8150_l5";                 // 1.0-2.0 V, 12.5 mV steps, current limit, FAST/NORMAL/IDLE
    public const string Smps = "pm8150_s4";                // fixed 1.8 V, on at start-up
    public const string Switch = "usb_vbus_switch";        // on/off only
    public const string Long = "vreg_l12a_1p8_display_panel"; // 27 characters: 19 travel on the wire

    public static RegulatorDescriptor[] Regulators() =>
    [
        new RegulatorDescriptor(Ldo, 0, 1_000_000, 2_000_000, 12_500, 1_200_000, false)
        {
            MinCurrentLimitMicroamps = 50_000,
            MaxCurrentLimitMicroamps = 300_000,
            InitialCurrentLimitMicroamps = 100_000,
            AllowedModes = RegulatorModes.Fast | RegulatorModes.Normal | RegulatorModes.Idle,
            InitialMode = RegulatorModes.Normal,
            MaxLoadMicroamps = 300_000,
            SettleMicroseconds = 120,
        },
        RegulatorDescriptor.FromMillivolts(Smps, 1, 1800, 1800, 0, 1800, true),
        RegulatorDescriptor.Switch(Switch, 2, false),
        RegulatorDescriptor.FromMillivolts(Long, 3, 1700, 1900, 100, 1800, false),
    ];

    public sealed record RegulatorRig(RegulatorDevice Device, SimulatedRegulatorHardware Hardware, TransitionJournal Journal, RequestRig Rig);

    public static RegulatorRig Regulator(RegulatorDeviceOptions? options = null)
    {
        var journal = new TransitionJournal(256);
        var hardware = new SimulatedRegulatorHardware(4, journal);
        var device = new RegulatorDevice(Regulators(), options ?? new RegulatorDeviceOptions(), hardware);
        device.OnFeaturesNegotiated(Wire.VersionOne);
        return new RegulatorRig(device, hardware, journal, new RequestRig());
    }
}
