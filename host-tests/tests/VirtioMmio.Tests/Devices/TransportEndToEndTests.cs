using VirtioMmio.Devices.Clock;
using VirtioMmio.Devices.Regulator;
using VirtioMmio.Hardware;
using static VirtioMmio.Tests.Devices.Wire;

namespace VirtioMmio.Tests.Devices;

/// <summary>
/// Both devices behind the real register file, driven the way the Linux drivers drive them: probe-time traffic
/// right after DRIVER_OK, and physical outputs that do not move across a device reset or a full re-initialisation
/// (the noirq restore sequence: reset, renegotiate, reset_vqs, DRIVER_OK, polled request).
/// </summary>
public sealed class TransportEndToEndTests
{
    private const ulong ClockFeatures = ClkFeatureReset | ClkFeatureName;

    private static (Fixtures.ClockRig Clock, GuestDriver Guest) ClockBehindTransport()
    {
        var c = Fixtures.Clock(negotiated: 0);
        c.Device.OnReset(); // the transport negotiates from here on
        return (c, new GuestDriver(c.Device));
    }

    private static (Fixtures.RegulatorRig Regulator, GuestDriver Guest) RegulatorBehindTransport()
    {
        var r = Fixtures.Regulator();
        return (r, new GuestDriver(r.Device));
    }

    // virtio_clk probe after virtio_device_ready(): config reads, then one GET_RATE per table clock in index order.
    private static void ClockProbe(GuestDriver guest, Fixtures.ClockRig c)
    {
        uint numClks = guest.ReadRegister(0x100);
        uint numResets = guest.ReadRegister(0x104);
        Assert.Equal((6u, 3u), (numClks, numResets));

        uint generation = guest.ConfigGeneration;
        byte[] name = Enumerable.Range(0, 20).Select(i => guest.ReadConfigByte(8 + i)).ToArray();
        Assert.Equal(generation, guest.ConfigGeneration);
        Assert.Equal("sm8150-gcc"u8.ToArray().Concat(new byte[10]), name);

        string?[] table = new string?[numClks];
        table[0] = Fixtures.Uart;
        table[3] = Fixtures.Sdcc;
        table[4] = Fixtures.Name39;
        table[5] = Fixtures.Overlong;
        for (uint id = 0; id < numClks; id++)
        {
            if (table[id] is not { } clockName)
            {
                continue; // NULL holes in the guest table are not registered
            }

            var done = guest.Transact(ClockMessage(clockName, id, ClkGetRate));
            Assert.Equal(0u, done.UsedId);
            Assert.Equal(0u, done.UsedLength);
            Assert.Equal(Ok, U32(done.Readable, 48));
            Assert.Equal(c.Device.RateOf(Array.IndexOf(Fixtures.Clocks().Select(d => d.Id).ToArray(), id)), U32(done.Readable, 52));
        }
    }

    [Fact]
    public void Clock_identity_and_features_on_the_register_file()
    {
        var (c, guest) = ClockBehindTransport();
        Assert.Equal(0xC000u, guest.ReadRegister(0x008));
        Assert.Equal(0x6UL | (1UL << 32), guest.ReadDeviceFeatures() & (0x6UL | (1UL << 32)));
        Assert.Equal(0UL, guest.ReadDeviceFeatures() & 0x1UL);

        var legacy = new GuestDriver(Fixtures.Clock(new ClockDeviceOptions { DeviceId = 30 }).Device);
        Assert.Equal(30u, legacy.ReadRegister(0x008));
        var regulator = new GuestDriver(Fixtures.Regulator(new RegulatorDeviceOptions { DeviceId = 31 }).Device);
        Assert.Equal(31u, regulator.ReadRegister(0x008));
        Assert.Equal(0UL, regulator.ReadDeviceFeatures() & 0xFF_FFFFUL);
    }

    [Fact]
    public void Clock_probe_traffic_right_after_driver_ok()
    {
        var (c, guest) = ClockBehindTransport();
        uint transitions = c.Device.OutputTransitions;
        guest.BringUp(ClockFeatures);
        ClockProbe(guest, c);
        Assert.Equal(4u, guest.Transport.RequestsCompleted);
        Assert.NotEqual(0u, guest.AcknowledgeInterrupt() & 1);
        Assert.Equal(transitions, c.Device.OutputTransitions);
    }

    [Fact]
    public void Clock_set_rate_sequence_and_reset_through_the_queue()
    {
        var (c, guest) = ClockBehindTransport();
        guest.BringUp(ClockFeatures);

        var rounded = guest.Transact(ClockMessage(Fixtures.Sdcc, 3, ClkRoundRate, 150_000_001));
        Assert.Equal((Ok, 150_000_000u), (U32(rounded.Readable, 48), U32(rounded.Readable, 52)));
        Assert.Equal(Ok, U32(guest.Transact(ClockMessage(Fixtures.Sdcc, 3, ClkSetRate, 150_000_000)).Readable, 48));
        var rate = guest.Transact(ClockMessage(Fixtures.Sdcc, 3, ClkGetRate));
        Assert.Equal(150_000_000u, U32(rate.Readable, 52));
        Assert.Equal(150_000_000u, c.Hardware.RateOf(1));

        // reset_control_reset: assert, udelay(1), deassert; results ignored by the driver
        Assert.Equal(Ok, U32(guest.Transact(ClockMessage(Fixtures.UsbReset, 0, ClkReset, 1)).Readable, 48));
        Assert.Equal(Ok, U32(guest.Transact(ClockMessage(Fixtures.UsbReset, 0, ClkReset, 0)).Readable, 48));
        Assert.Equal([TransitionKind.ClockRate, TransitionKind.ResetAssert, TransitionKind.ResetDeassert],
            Enumerable.Range(c.Journal.Retained - 3, 3).Select(c.Journal.KindAt).ToArray());
    }

    [Fact]
    public void Clock_spec_clean_layout_through_the_queue_has_an_exact_used_len()
    {
        var (c, guest) = ClockBehindTransport();
        guest.BringUp(ClockFeatures);
        byte[] message = ClockMessage(Fixtures.Uart, 0, ClkGetRate);
        var done = guest.Transact(message, writableLength: 68);
        Assert.Equal(68u, done.UsedLength);
        Assert.Equal(message, done.Readable);
        Assert.Equal(19_200_000u, U32(done.Writable, 52));
    }

    [Fact]
    public void Clock_outputs_unchanged_across_a_device_reset_and_a_full_reinitialisation()
    {
        var (c, guest) = ClockBehindTransport();
        guest.BringUp(ClockFeatures);
        ClockProbe(guest, c);
        guest.Transact(ClockMessage(Fixtures.Uart, 0, ClkEnable));
        guest.Transact(ClockMessage(Fixtures.Uart, 0, ClkSetRate, 48_000_000));
        guest.Transact(ClockMessage(Fixtures.Sdcc, 3, ClkSetParent, 2));
        guest.Transact(ClockMessage(Fixtures.UsbReset, 0, ClkReset, 1));
        uint journal = c.Journal.Count;

        guest.Reset(); // freeze
        Assert.Equal(journal, c.Journal.Count);

        guest.BringUp(ClockFeatures); // restore_noirq: renegotiate, reset_vqs, DRIVER_OK; polled requests
        ClockProbe(guest, c);
        guest.Reset();
        guest.BringUp(ClockFeatures);

        Assert.Equal(journal, c.Journal.Count);
        Assert.Equal(journal, c.Device.OutputTransitions);
        Assert.True(c.Hardware.IsEnabled(0));
        Assert.Equal(48_000_000u, c.Hardware.RateOf(0));
        Assert.Equal(2, c.Hardware.ParentOf(1));
        Assert.True(c.Hardware.IsAsserted(0));

        // The restored session serves requests: the rate the guest set before freeze is still there.
        var rate = guest.Transact(ClockMessage(Fixtures.Uart, 0, ClkGetRate));
        Assert.Equal(48_000_000u, U32(rate.Readable, 52));
    }

    [Fact]
    public void Regulator_probe_traffic_enable_get_voltage_then_set_voltage()
    {
        var (r, guest) = RegulatorBehindTransport();
        guest.BringUp(0);

        // regulator-boot-on: ENABLE because is_enabled starts false; GET_VOLTAGE; SET_VOLTAGE to the constraints.
        Assert.Equal(Ok, U32(guest.Transact(RegulatorMessage(Fixtures.Ldo, RegEnable)).Readable, 24));
        var voltage = guest.Transact(RegulatorMessage(Fixtures.Ldo, RegGetVoltage));
        Assert.Equal((Ok, 1200u, 0u), (U32(voltage.Readable, 24), U32(voltage.Readable, 28), voltage.UsedLength));
        var set = guest.Transact(SetVoltage(Fixtures.Ldo, 1_800_000, 1_800_000));
        Assert.Equal(Ok, U32(set.Readable, 24));
        Assert.Equal((true, 1_800_000u), (r.Hardware.IsEnabled(0), r.Hardware.MicrovoltsOf(0)));
        Assert.Equal(3u, guest.Transport.RequestsCompleted);
    }

    [Fact]
    public void Regulator_outputs_unchanged_across_a_device_reset_and_a_full_reinitialisation()
    {
        var (r, guest) = RegulatorBehindTransport();
        guest.BringUp(0);
        guest.Transact(RegulatorMessage(Fixtures.Ldo, RegEnable));
        guest.Transact(SetVoltage(Fixtures.Ldo, 1_237_500, 1_237_500));
        guest.Transact(RegulatorMessage(Fixtures.Smps, RegDisable));
        guest.Transact(RegulatorMessage(Fixtures.Ldo, RegSetMode, 0x4));
        uint journal = r.Journal.Count;

        guest.Reset();
        Assert.Equal(journal, r.Journal.Count);
        guest.BringUp(0);

        // The restored driver does not replay its cached state; a polled GET_VOLTAGE sees the pre-freeze value.
        var voltage = guest.Transact(RegulatorMessage(Fixtures.Ldo, RegGetVoltage));
        Assert.Equal(1237u, U32(voltage.Readable, 28));
        Assert.Equal(journal, r.Journal.Count);
        Assert.Equal((true, false, 0x4u), (r.Hardware.IsEnabled(0), r.Hardware.IsEnabled(1), r.Hardware.ModeOf(0)));
    }

    [Fact]
    public void A_request_posted_before_driver_ok_is_served_only_after_it()
    {
        var (c, guest) = ClockBehindTransport();
        uint journal = c.Journal.Count;
        guest.BringUp(ClockFeatures, driverOk: false);
        byte[] enable = ClockMessage(Fixtures.Uart, 0, ClkEnable);
        guest.Post(enable);
        guest.Transport.Write(0x050, 4, 0); // kick before DRIVER_OK: refused or ignored (S-02)
        Assert.Equal(0, guest.UsedIndex);
        Assert.Equal(journal, c.Journal.Count);
        Assert.False(c.Hardware.IsEnabled(0));

        guest.SetDriverOk();
        guest.Transport.Write(0x050, 4, 0);
        var done = guest.TakeCompletion(enable.Length);
        Assert.Equal(Ok, U32(done.Readable, 48));
        Assert.True(c.Hardware.IsEnabled(0));
        Assert.Equal(journal + 1, c.Journal.Count);
    }

    [Fact]
    public void Without_write_back_a_readable_only_request_still_completes_once_with_len_0_and_no_reply()
    {
        var c = Fixtures.Clock(new ClockDeviceOptions { WriteBack = false }, negotiated: 0);
        var guest = new GuestDriver(c.Device);
        guest.BringUp(ClkFeatureReset);
        byte[] enable = ClockMessage(Fixtures.Uart, 0, ClkEnable);
        var done = guest.Transact(enable);
        Assert.Equal(0u, done.UsedLength);
        Assert.Equal(enable, done.Readable);
        Assert.False(c.Hardware.IsEnabled(0));
    }
}
