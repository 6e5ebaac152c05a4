using VirtioMmio.Hardware;
using static VirtioMmio.Tests.Devices.Wire;

namespace VirtioMmio.Tests.Devices;

/// <summary>
/// A virtio reset (and renegotiation) leaves every physical output exactly as it was: no transition recorded.
/// The end-to-end versions through the transport are in TransportEndToEndTests.
/// </summary>
public sealed class ResetPolicyTests
{
    [Fact]
    public void Clock_reset_records_no_transition_and_keeps_every_output()
    {
        var c = Fixtures.Clock();
        c.Rig.Submit(c.Device, ClockMessage(Fixtures.Sdcc, 3, ClkSetRate, 100_000_000));
        c.Rig.Submit(c.Device, ClockMessage(Fixtures.Uart, 0, ClkEnable));
        c.Rig.Submit(c.Device, ClockMessage(Fixtures.Sdcc, 3, ClkSetParent, 1));
        c.Rig.Submit(c.Device, ClockMessage(Fixtures.UsbReset, 0, ClkReset, 1));
        uint journal = c.Journal.Count;
        uint transitions = c.Device.OutputTransitions;

        c.Device.OnReset();
        c.Device.OnFeaturesNegotiated(VersionOne | c.Device.DeviceFeatures);
        c.Device.OnReset();

        Assert.Equal(journal, c.Journal.Count);
        Assert.Equal(transitions, c.Device.OutputTransitions);
        Assert.Equal(100_000_000u, c.Hardware.RateOf(1));
        Assert.True(c.Hardware.IsEnabled(0));
        Assert.Equal(1, c.Hardware.ParentOf(1));
        Assert.True(c.Hardware.IsAsserted(0));
    }

    [Fact]
    public void Clock_reset_forgets_the_negotiated_features_only()
    {
        var c = Fixtures.Clock();
        c.Device.OnReset();
        c.Rig.Submit(c.Device, ClockMessage(Fixtures.UsbReset, 0, ClkReset, 1));
        Assert.Equal(EOPNOTSUPP, U32(c.Rig.Readable, 48)); // RESET needs F_RESET in the new session
        c.Rig.Submit(c.Device, ClockMessage("any name", 3, ClkGetRate));
        Assert.Equal(Ok, U32(c.Rig.Readable, 48));          // names are not checked without F_NAME

        c.Device.OnFeaturesNegotiated(VersionOne | ClkFeatureReset | ClkFeatureName);
        c.Rig.Submit(c.Device, ClockMessage(Fixtures.UsbReset, 0, ClkReset, 1));
        Assert.Equal(Ok, U32(c.Rig.Readable, 48));
        c.Rig.Submit(c.Device, ClockMessage("any name", 3, ClkGetRate));
        Assert.Equal(ENOENT, U32(c.Rig.Readable, 48));
    }

    [Fact]
    public void Regulator_reset_records_no_transition_and_keeps_every_output()
    {
        var r = Fixtures.Regulator();
        r.Rig.Submit(r.Device, RegulatorMessage(Fixtures.Ldo, RegEnable));
        r.Rig.Submit(r.Device, SetVoltage(Fixtures.Ldo, 1_500_000, 1_500_000));
        r.Rig.Submit(r.Device, RegulatorMessage(Fixtures.Ldo, RegSetMode, 0x1));
        uint journal = r.Journal.Count;

        r.Device.OnReset();
        r.Device.OnFeaturesNegotiated(VersionOne);

        Assert.Equal(journal, r.Journal.Count);
        Assert.Equal(journal, r.Device.OutputTransitions);
        Assert.True(r.Hardware.IsEnabled(0));
        Assert.Equal(1_500_000u, r.Hardware.MicrovoltsOf(0));
        Assert.Equal(0x1u, r.Hardware.ModeOf(0));
    }

    [Fact]
    public void Repeating_the_probe_traffic_after_a_reset_is_glitch_free()
    {
        // What a guest that re-probes after restore sends: ENABLE, GET_VOLTAGE, SET_VOLTAGE to what it had.
        var r = Fixtures.Regulator();
        r.Rig.Submit(r.Device, RegulatorMessage(Fixtures.Ldo, RegEnable));
        r.Rig.Submit(r.Device, SetVoltage(Fixtures.Ldo, 1_237_500, 1_237_500));
        uint journal = r.Journal.Count;

        r.Device.OnReset();
        r.Rig.Submit(r.Device, RegulatorMessage(Fixtures.Ldo, RegEnable));
        r.Rig.Submit(r.Device, RegulatorMessage(Fixtures.Ldo, RegGetVoltage));
        Assert.Equal(1237u, U32(r.Rig.Readable, 28));
        r.Rig.Submit(r.Device, SetVoltage(Fixtures.Ldo, 1_237_500, 1_237_500));
        Assert.Equal(Ok, U32(r.Rig.Readable, 24));
        Assert.Equal(journal, r.Journal.Count);
    }
}
