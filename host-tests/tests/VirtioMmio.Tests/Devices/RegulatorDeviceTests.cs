using VirtioMmio.Devices.Regulator;
using VirtioMmio.Hardware;
using static VirtioMmio.Tests.Devices.Wire;

namespace VirtioMmio.Tests.Devices;

/// <summary>virtio-regulator requests through the compatibility write-back layout (one device-readable buffer).</summary>
public sealed class RegulatorDeviceTests
{
    private readonly Fixtures.RegulatorRig _r = Fixtures.Regulator();

    private (uint Result, uint Data0) Send(byte[] message)
    {
        _r.Rig.Submit(_r.Device, message);
        Assert.Equal(0, _r.Rig.UsedLength);
        return (U32(_r.Rig.Readable, 24), U32(_r.Rig.Readable, 28));
    }

    private (uint Result, uint Data0) Send(string name, uint type, uint data0 = 0, uint data1 = 0) => Send(RegulatorMessage(name, type, data0, data1));

    [Fact]
    public void Identity_no_features_no_config_one_queue()
    {
        Assert.Equal(0xC001u, _r.Device.DeviceId);
        Assert.Equal(0UL, _r.Device.DeviceFeatures);
        Assert.Equal(0, _r.Device.ConfigSize);
        Assert.Equal(1, _r.Device.QueueCount);
        Assert.Equal(16, _r.Device.GetQueueMaxSize(0));
        Assert.Equal(31u, Fixtures.Regulator(new RegulatorDeviceOptions { DeviceId = 31 }).Device.DeviceId);
    }

    [Fact]
    public void Probe_enable_get_voltage_then_set_voltage_byte_exact()
    {
        byte[] enable = RegulatorMessage(Fixtures.Ldo, RegEnable);
        _r.Rig.Submit(_r.Device, enable);
        Assert.Equal(enable, _r.Rig.Readable); // result 0 and data[0] 0 written over zeros
        Assert.True(_r.Hardware.IsEnabled(0));
        Assert.Equal(120u, _r.Journal.SettleMicrosecondsAt(_r.Journal.Retained - 1));

        byte[] get = RegulatorMessage(Fixtures.Ldo, RegGetVoltage);
        _r.Rig.Submit(_r.Device, get);
        byte[] expected = (byte[])get.Clone();
        BitConverter.GetBytes(1200u).CopyTo(expected, 28);
        Assert.Equal(expected, _r.Rig.Readable);

        Assert.Equal((Ok, 1350u), Send(SetVoltage(Fixtures.Ldo, 1_350_000, 1_400_000)));
        Assert.Equal(1_350_000u, _r.Hardware.MicrovoltsOf(0));
        Assert.Equal((Ok, 1350u), Send(Fixtures.Ldo, RegGetVoltage));
    }

    [Fact]
    public void Set_voltage_where_the_driver_rounding_makes_min_exceed_max_by_one()
    {
        // 1.2375 V exactly: the driver sends data[0] = 1238, data[1] = 1237.
        byte[] message = SetVoltage(Fixtures.Ldo, 1_237_500, 1_237_500);
        Assert.Equal(1238u, U32(message, 28));
        Assert.Equal(1237u, U32(message, 32));

        Assert.Equal(Ok, Send(message).Result);
        Assert.Equal(1_237_500u, _r.Hardware.MicrovoltsOf(0));
        Assert.Equal((Ok, 1237u), Send(Fixtures.Ldo, RegGetVoltage)); // mV, rounded down
    }

    [Fact]
    public void Set_voltage_picks_the_lowest_step_inside_the_window()
    {
        Assert.Equal((Ok, 1212u), Send(Fixtures.Ldo, RegSetVoltage, 1201, 1300)); // 1.2125 V is the first step >= 1.201 V
        Assert.Equal(1_212_500u, _r.Device.MicrovoltsOf(0));
    }

    [Theory]
    [InlineData(1300u, 1298u)]  // inverted by more than the rounding can explain
    [InlineData(1213u, 1224u)]  // no 12.5 mV step between 1.213 and 1.224 V
    [InlineData(900u, 990u)]    // below the range
    [InlineData(2001u, 2100u)]  // above the range
    [InlineData(4_294_967u, 0xFFFF_FFFFu)] // mV that overflow µV
    public void Set_voltage_outside_what_the_regulator_can_do_is_invalid_and_changes_nothing(uint minMv, uint maxMv)
    {
        uint count = _r.Journal.Count;
        Assert.Equal(EINVAL, Send(Fixtures.Ldo, RegSetVoltage, minMv, maxMv).Result);
        Assert.Equal(1_200_000u, _r.Hardware.MicrovoltsOf(0));
        Assert.Equal(count, _r.Journal.Count);
    }

    [Fact]
    public void Setting_the_current_voltage_touches_no_hardware()
    {
        uint count = _r.Journal.Count;
        Assert.Equal((Ok, 1800u), Send(SetVoltage(Fixtures.Smps, 1_800_000, 1_800_000)));
        Assert.Equal(count, _r.Journal.Count);
    }

    [Fact]
    public void A_switch_has_no_voltage()
    {
        Assert.Equal(EOPNOTSUPP, Send(Fixtures.Switch, RegGetVoltage).Result);
        Assert.Equal(EOPNOTSUPP, Send(Fixtures.Switch, RegSetVoltage, 5000, 5000).Result);
        Assert.Equal(Ok, Send(Fixtures.Switch, RegEnable).Result);
        Assert.True(_r.Hardware.IsEnabled(2));
    }

    [Fact]
    public void Enable_and_disable_are_states_not_counts()
    {
        uint count = _r.Journal.Count;
        Assert.Equal(Ok, Send(Fixtures.Smps, RegEnable).Result); // on since start-up
        Assert.Equal(count, _r.Journal.Count);
        Assert.Equal(Ok, Send(Fixtures.Smps, RegDisable).Result);
        Assert.Equal(Ok, Send(Fixtures.Smps, RegDisable).Result);
        Assert.False(_r.Hardware.IsEnabled(1));
        Assert.Equal(count + 1, _r.Journal.Count);
        Assert.Equal(TransitionKind.RegulatorDisable, _r.Journal.KindAt(_r.Journal.Retained - 1));
    }

    [Fact]
    public void Current_limit_takes_the_highest_supported_value_in_the_window()
    {
        Assert.Equal((Ok, 100_000u), Send(Fixtures.Ldo, RegGetCurrentLimit));
        Assert.Equal((Ok, 300_000u), Send(Fixtures.Ldo, RegSetCurrentLimit, 100_000, 500_000));
        Assert.Equal(300_000u, _r.Hardware.CurrentLimitOf(0));
        Assert.Equal((Ok, 60_000u), Send(Fixtures.Ldo, RegSetCurrentLimit, 0, 60_000));
        Assert.Equal((Ok, 60_000u), Send(Fixtures.Ldo, RegGetCurrentLimit));
    }

    [Theory]
    [InlineData(200_000u, 100_000u)] // inverted
    [InlineData(0u, 49_999u)]        // below the range
    [InlineData(300_001u, 400_000u)] // above the range
    public void Current_limit_outside_the_range_is_invalid(uint min, uint max)
    {
        Assert.Equal(EINVAL, Send(Fixtures.Ldo, RegSetCurrentLimit, min, max).Result);
        Assert.Equal(100_000u, _r.Device.CurrentLimitOf(0));
    }

    [Fact]
    public void Current_limit_is_not_supported_without_a_range()
    {
        Assert.Equal(EOPNOTSUPP, Send(Fixtures.Smps, RegSetCurrentLimit, 0, 100_000).Result);
        Assert.Equal(EOPNOTSUPP, Send(Fixtures.Smps, RegGetCurrentLimit).Result);
    }

    [Fact]
    public void Modes_use_the_linux_regulator_mode_values()
    {
        Assert.Equal((Ok, 0x2u), Send(Fixtures.Ldo, RegGetMode));
        Assert.Equal((Ok, 0x4u), Send(Fixtures.Ldo, RegSetMode, 0x4)); // IDLE
        Assert.Equal(0x4u, _r.Hardware.ModeOf(0));
        Assert.Equal((Ok, 0x4u), Send(Fixtures.Ldo, RegGetMode));
        Assert.Equal((Ok, 0x1u), Send(Fixtures.Ldo, RegSetMode, 0x1)); // FAST
    }

    [Theory]
    [InlineData(0x8u)] // STANDBY: not allowed for this regulator
    [InlineData(0x0u)] // INVALID
    [InlineData(0x3u)] // two modes at once
    [InlineData(0x10u)]
    public void Modes_outside_the_allowed_set_are_invalid(uint mode)
    {
        Assert.Equal(EINVAL, Send(Fixtures.Ldo, RegSetMode, mode).Result);
        Assert.Equal(0x2u, _r.Hardware.ModeOf(0));
    }

    [Fact]
    public void Set_load_is_in_microamps_and_bounded()
    {
        uint count = _r.Journal.Count;
        Assert.Equal((Ok, 250_000u), Send(Fixtures.Ldo, RegSetLoad, 250_000));
        Assert.Equal(250_000u, _r.Device.LoadOf(0));
        Assert.Equal(EINVAL, Send(Fixtures.Ldo, RegSetLoad, 300_001).Result);
        Assert.Equal(250_000u, _r.Device.LoadOf(0));
        Assert.Equal(Ok, Send(Fixtures.Smps, RegSetLoad, 5_000_000).Result); // no maximum
        Assert.Equal(count, _r.Journal.Count); // a load is bookkeeping, not an output change
    }

    [Fact]
    public void Unknown_names_are_no_entry()
    {
        foreach (uint type in new[] { RegEnable, RegDisable, RegSetVoltage, RegGetVoltage, RegSetCurrentLimit, RegGetCurrentLimit, RegSetMode, RegGetMode, RegSetLoad })
        {
            Assert.Equal(ENOENT, Send("pm8150_l6", type, 1800, 1800).Result);
            Assert.Equal(ENOENT, Send("", type, 1800, 1800).Result);
        }
    }

    [Theory]
    [InlineData(9u)]
    [InlineData(0x8000_0000u)]
    public void Unknown_types_are_not_supported(uint type)
    {
        uint count = _r.Journal.Count;
        Assert.Equal(EOPNOTSUPP, Send(Fixtures.Ldo, type, 1).Result);
        Assert.Equal(count, _r.Journal.Count);
    }

    [Fact]
    public void Names_are_compared_truncated_to_19_characters_like_strscpy()
    {
        byte[] message = RegulatorMessage(Fixtures.Long, RegGetVoltage);
        Assert.Equal(Fixtures.Long[..19], System.Text.Encoding.ASCII.GetString(message, 0, 19));
        Assert.Equal(0, message[19]);
        Assert.Equal((Ok, 1800u), Send(message));

        message[19] = (byte)Fixtures.Long[19]; // 20 bytes and no NUL
        Assert.Equal(ENOENT, Send(message).Result);

        Assert.Equal(ENOENT, Send(Fixtures.Long[..18], RegGetVoltage).Result);
    }

    [Fact]
    public void Hardware_refusal_is_an_io_error_and_the_device_keeps_its_state()
    {
        _r.Hardware.FailingOutput = 0;
        Assert.Equal(EIO, Send(Fixtures.Ldo, RegEnable).Result);
        Assert.Equal(EIO, Send(SetVoltage(Fixtures.Ldo, 1_500_000, 1_500_000)).Result);
        Assert.Equal(EIO, Send(Fixtures.Ldo, RegSetMode, 0x1).Result);
        Assert.Equal(EIO, Send(Fixtures.Ldo, RegSetCurrentLimit, 60_000, 60_000).Result);
        Assert.False(_r.Device.IsEnabled(0));
        Assert.Equal((Ok, 1200u), Send(Fixtures.Ldo, RegGetVoltage));
        Assert.Equal((Ok, 0x2u), Send(Fixtures.Ldo, RegGetMode));
        Assert.Equal((Ok, 100_000u), Send(Fixtures.Ldo, RegGetCurrentLimit));
    }

    [Fact]
    public void Start_up_drives_every_output_to_its_descriptor_state()
    {
        Assert.Equal(1_200_000u, _r.Hardware.MicrovoltsOf(0));
        Assert.Equal(100_000u, _r.Hardware.CurrentLimitOf(0));
        Assert.False(_r.Hardware.IsEnabled(0));
        Assert.Equal(1_800_000u, _r.Hardware.MicrovoltsOf(1));
        Assert.True(_r.Hardware.IsEnabled(1));
        Assert.Equal(_r.Journal.Count, _r.Device.OutputTransitions);
        // ldo: voltage, limit, mode, enable; smps: voltage, mode, enable; switch: mode, enable; long: voltage, mode, enable
        Assert.Equal(12u, _r.Device.OutputTransitions);
    }
}
