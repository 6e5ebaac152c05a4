using VirtioMmio.Devices.Clock;
using VirtioMmio.Devices.Regulator;
using VirtioMmio.Hardware;

namespace VirtioMmio.Tests.Devices;

/// <summary>Invalid resource models and options are refused at construction with a message that says why.</summary>
public sealed class ResourceModelTests
{
    private static readonly TransitionJournal Journal = new(64);

    private static string ClockError(ClockDescriptor[] clocks, ResetDescriptor[]? resets = null, ClockDeviceOptions? options = null)
    {
        var hardware = new SimulatedClockHardware(8, 8, Journal);
        var error = Assert.Throws<ArgumentException>(() => new ClockDevice(clocks, resets ?? [], options ?? new ClockDeviceOptions(), hardware, hardware));
        return error.Message;
    }

    private static string RegulatorError(RegulatorDescriptor[] regulators, RegulatorDeviceOptions? options = null)
    {
        var hardware = new SimulatedRegulatorHardware(8, Journal);
        return Assert.Throws<ArgumentException>(() => new RegulatorDevice(regulators, options ?? new RegulatorDeviceOptions(), hardware)).Message;
    }

    private static ClockDescriptor Range(string name = "clk", uint id = 0, int output = 0) => new(name, id, output, 1000, 2000, 100, 1000, false);

    [Fact]
    public void Clock_descriptors_are_checked()
    {
        Assert.Contains("name", ClockError([Range("")]));
        Assert.Contains("name", ClockError([Range("caf\u00e9")]));
        Assert.Contains("output", ClockError([Range(output: -1)]));
        Assert.Contains("range", ClockError([new ClockDescriptor("c", 0, 0, 0, 10, 0, 5, false)]));
        Assert.Contains("range", ClockError([new ClockDescriptor("c", 0, 0, 20, 10, 0, 15, false)]));
        Assert.Contains("range", ClockError([new ClockDescriptor("c", 0, 0, 1, 0x8000_0000, 0, 1, false)]));
        Assert.Contains("initial rate", ClockError([new ClockDescriptor("c", 0, 0, 1000, 2000, 100, 1050, false)]));
        Assert.Contains("discrete", ClockError([new ClockDescriptor("c", 0, 0, [10u, 10u], 10, false)]));
        Assert.Contains("discrete", ClockError([new ClockDescriptor("c", 0, 0, [], 10, false)]));
        Assert.Contains("initial rate", ClockError([new ClockDescriptor("c", 0, 0, [10u, 20u], 15, false)]));
        Assert.Contains("parent", ClockError([new ClockDescriptor("c", 0, 0, 1000, 2000, 100, 1000, false) { ParentNames = ["a"], InitialParent = 1 }]));
        Assert.Contains("flags", ClockError([new ClockDescriptor("c", 0, 0, 1000, 2000, 100, 1000, false) { InitialMemoryFlags = 8 }]));
    }

    [Fact]
    public void Clock_sets_are_checked()
    {
        Assert.Contains("same id", ClockError([Range("a", 1, 0), Range("b", 1, 1)]));
        Assert.Contains("same output", ClockError([Range("a", 1, 0), Range("b", 2, 0)]));
        Assert.Contains("same name", ClockError([Range(new string('x', 39) + "1", 1, 0), Range(new string('x', 39) + "2", 2, 1)]));
        Assert.Contains("same id", ClockError([Range()], [new ResetDescriptor("r", 3, 0, false), new ResetDescriptor("s", 3, 1, false)]));
        Assert.Contains("same line", ClockError([Range()], [new ResetDescriptor("r", 3, 0, false), new ResetDescriptor("s", 4, 0, false)]));
    }

    [Fact]
    public void Clock_options_are_checked()
    {
        Assert.Contains("0xC000 or 30", ClockError([Range()], options: new ClockDeviceOptions { DeviceId = 17 }));
        Assert.Contains("power of two", ClockError([Range()], options: new ClockDeviceOptions { QueueMaxSize = 12 }));
        Assert.Contains("config name", ClockError([Range()], options: new ClockDeviceOptions { ConfigName = new string('g', 20) }));
        Assert.Contains("F_NAME", ClockError([Range()], options: new ClockDeviceOptions { OfferName = true }));
    }

    [Fact]
    public void Resets_need_a_reset_line()
    {
        var hardware = new SimulatedClockHardware(1, 1, Journal);
        Assert.Throws<ArgumentException>(() => new ClockDevice([Range()], [new ResetDescriptor("r", 0, 0, false)], new ClockDeviceOptions(), hardware, null));
    }

    [Fact]
    public void Hardware_that_refuses_the_start_up_state_fails_construction()
    {
        var hardware = new SimulatedClockHardware(1, 0, Journal) { FailingOutput = 0 };
        var error = Assert.Throws<InvalidOperationException>(() => new ClockDevice([Range("uart")], [], new ClockDeviceOptions(), hardware, hardware));
        Assert.Contains("uart", error.Message);
    }

    private static RegulatorDescriptor Ldo(string name = "ldo", int output = 0) => new(name, output, 1_000_000, 2_000_000, 50_000, 1_000_000, false);

    [Fact]
    public void Regulator_descriptors_are_checked()
    {
        Assert.Contains("name", RegulatorError([Ldo("")]));
        Assert.Contains("output", RegulatorError([Ldo(output: -1)]));
        Assert.Contains("min <= max", RegulatorError([new RegulatorDescriptor("r", 0, 2_000_000, 1_000_000, 0, 1_500_000, false)]));
        Assert.Contains("initial voltage", RegulatorError([new RegulatorDescriptor("r", 0, 1_000_000, 2_000_000, 50_000, 1_010_000, false)]));
        Assert.Contains("switch", RegulatorError([new RegulatorDescriptor("r", 0, 5, 0, 0, 0, false)]));
        Assert.Contains("current limit", RegulatorError([new RegulatorDescriptor("r", 0, 1_000_000, 1_000_000, 0, 1_000_000, false) { MaxCurrentLimitMicroamps = 10, InitialCurrentLimitMicroamps = 11 }]));
        Assert.Contains("current limit", RegulatorError([new RegulatorDescriptor("r", 0, 1_000_000, 1_000_000, 0, 1_000_000, false) { InitialCurrentLimitMicroamps = 11 }]));
        Assert.Contains("allowed modes", RegulatorError([new RegulatorDescriptor("r", 0, 1_000_000, 1_000_000, 0, 1_000_000, false) { AllowedModes = 0x10 }]));
        Assert.Contains("initial mode", RegulatorError([new RegulatorDescriptor("r", 0, 1_000_000, 1_000_000, 0, 1_000_000, false) { InitialMode = RegulatorModes.Idle }]));
    }

    [Fact]
    public void Regulator_sets_and_options_are_checked()
    {
        Assert.Contains("same output", RegulatorError([Ldo("a", 0), Ldo("b", 0)]));
        Assert.Contains("same name", RegulatorError([Ldo("vreg_display_panel_1", 0), Ldo("vreg_display_panel_2", 1)]));
        Assert.Contains("0xC001 or 31", RegulatorError([Ldo()], new RegulatorDeviceOptions { DeviceId = 0xC000 }));
        Assert.Contains("power of two", RegulatorError([Ldo()], new RegulatorDeviceOptions { QueueMaxSize = 0 }));
    }

    [Fact]
    public void Millivolt_and_switch_factories_describe_the_same_model()
    {
        var mv = RegulatorDescriptor.FromMillivolts("r", 0, 1700, 1900, 100, 1800, true);
        Assert.Equal((1_700_000u, 1_900_000u, 100_000u, 1_800_000u, true), (mv.MinMicrovolts, mv.MaxMicrovolts, mv.StepMicrovolts, mv.InitialMicrovolts, mv.InitiallyEnabled));
        Assert.True(RegulatorDescriptor.Switch("s", 1, false).IsSwitch);
        Assert.False(mv.IsSwitch);
    }

    [Fact]
    public void Round_rate_is_idempotent_and_never_leaves_the_supported_set()
    {
        var clocks = Fixtures.Clocks();
        var random = new Random(1234);
        foreach (var clock in clocks)
        {
            for (int i = 0; i < 2000; i++)
            {
                uint requested = (uint)random.NextInt64(1, 0x8000_0000);
                Assert.True(clock.TryRoundRate(requested, out uint rounded));
                Assert.True(clock.Supports(rounded), $"{clock.Name}: {requested} -> {rounded}");
                Assert.True(rounded <= requested || rounded == clock.MinRateHz);
                Assert.True(clock.TryRoundRate(rounded, out uint again));
                Assert.Equal(rounded, again);
            }
        }
    }
}
