using VirtioMmio.Devices.Clock;
using VirtioMmio.Hardware;
using static VirtioMmio.Tests.Devices.Wire;

namespace VirtioMmio.Tests.Devices;

/// <summary>virtio-clock requests through the compatibility write-back layout (one device-readable buffer).</summary>
public sealed class ClockDeviceTests
{
    private readonly Fixtures.ClockRig _c = Fixtures.Clock();

    // Sends one request as the driver does and returns (result, data[0]) read back from the submitted buffer.
    private (uint Result, uint Data0) Send(byte[] message)
    {
        _c.Rig.Submit(_c.Device, message);
        Assert.Equal(0, _c.Rig.UsedLength);
        return (U32(_c.Rig.Readable, 48), U32(_c.Rig.Readable, 52));
    }

    private (uint Result, uint Data0) Send(string name, uint id, uint type, uint data0 = 0) => Send(ClockMessage(name, id, type, data0));

    [Fact]
    public void Identity_features_and_queue()
    {
        Assert.Equal(0xC000u, _c.Device.DeviceId);
        Assert.Equal(0x6UL, _c.Device.DeviceFeatures);
        Assert.Equal(1, _c.Device.QueueCount);
        Assert.Equal(16, _c.Device.GetQueueMaxSize(0));
        Assert.Equal(0, _c.Device.GetQueueMaxSize(1));

        var legacy = Fixtures.Clock(new ClockDeviceOptions { DeviceId = 30, OfferReset = false });
        Assert.Equal(30u, legacy.Device.DeviceId);
        Assert.Equal(0UL, legacy.Device.DeviceFeatures);
    }

    [Fact]
    public void Config_is_28_bytes_num_clks_num_resets_name()
    {
        Assert.Equal(28, _c.Device.ConfigSize);
        byte[] config = Enumerable.Range(0, 28).Select(i => _c.Device.ReadConfigByte(i)).ToArray();
        byte[] expected = new byte[28];
        expected[0] = 6;  // highest clock id 5, plus one: the guest numbers clocks 0..num_clks-1
        expected[4] = 3;  // highest reset id 2, plus one
        "sm8150-gcc"u8.ToArray().CopyTo(expected, 8);
        Assert.Equal(expected, config);

        _c.Device.WriteConfigByte(0, 0xFF);
        Assert.Equal(6, _c.Device.ReadConfigByte(0));
    }

    [Fact]
    public void Config_reports_no_resets_when_reset_feature_is_not_offered()
    {
        var c = Fixtures.Clock(new ClockDeviceOptions { OfferReset = false });
        Assert.Equal([6, 0, 0, 0, 0, 0, 0, 0, 0], Enumerable.Range(0, 9).Select(i => c.Device.ReadConfigByte(i)).ToArray());
    }

    [Fact]
    public void Probe_get_rate_for_every_clock_writes_result_and_rate_back_into_the_readable_buffer()
    {
        uint before = _c.Device.OutputTransitions;
        (uint id, string name, uint rate)[] clocks =
            [(0, Fixtures.Uart, 19_200_000), (3, Fixtures.Sdcc, 400_000), (4, Fixtures.Name39, 19_200_000), (5, Fixtures.Overlong, 1_000_000)];
        foreach (var (id, name, rate) in clocks)
        {
            byte[] message = ClockMessage(name, id, ClkGetRate);
            _c.Rig.Submit(_c.Device, message);

            byte[] expected = (byte[])message.Clone();
            BitConverter.GetBytes(rate).CopyTo(expected, 52); // result stays 0 at 48
            Assert.Equal(expected, _c.Rig.Readable);
            Assert.Equal(0, _c.Rig.UsedLength);
        }

        Assert.Equal(before, _c.Device.OutputTransitions);
    }

    [Fact]
    public void Round_then_set_the_rounded_rate_then_get_rate()
    {
        var round = Send(Fixtures.Sdcc, 3, ClkRoundRate, 50_012_345);
        Assert.Equal((Ok, 50_000_000u), round);

        var set = Send(Fixtures.Sdcc, 3, ClkSetRate, round.Data0);
        Assert.Equal(Ok, set.Result);
        Assert.Equal((Ok, 50_000_000u), Send(Fixtures.Sdcc, 3, ClkGetRate));
        Assert.Equal(50_000_000u, _c.Hardware.RateOf(1));
        Assert.Equal(TransitionKind.ClockRate, _c.Journal.KindAt(_c.Journal.Retained - 1));
    }

    [Theory]
    [InlineData(1u, 7_372_800u)]            // below the lowest rate: the lowest
    [InlineData(7_372_800u, 7_372_800u)]
    [InlineData(20_000_000u, 19_200_000u)]  // between: the highest not above
    [InlineData(99_999_999u, 64_000_000u)]
    [InlineData(2_147_483_647u, 100_000_000u)] // above the highest: the highest
    public void Discrete_rates_round_down_to_a_table_rate(uint requested, uint expected)
    {
        Assert.Equal((Ok, expected), Send(Fixtures.Uart, 0, ClkRoundRate, requested));
        Assert.Equal((Ok, expected), Send(Fixtures.Uart, 0, ClkSetRate, requested));
        Assert.Equal((Ok, expected), Send(Fixtures.Uart, 0, ClkGetRate));
    }

    [Theory]
    [InlineData(1u, 400_000u)]
    [InlineData(400_099u, 400_000u)]
    [InlineData(500_000u, 500_000u)]
    [InlineData(599_999u, 500_000u)]
    [InlineData(199_999_999u, 199_900_000u)]
    [InlineData(2_000_000_000u, 200_000_000u)]
    public void Range_rates_round_down_onto_the_step_grid(uint requested, uint expected)
    {
        Assert.Equal((Ok, expected), Send(Fixtures.Sdcc, 3, ClkRoundRate, requested));
        Assert.Equal((Ok, expected), Send(Fixtures.Sdcc, 3, ClkSetRate, requested));
        Assert.Equal((Ok, expected), Send(Fixtures.Sdcc, 3, ClkGetRate));
    }

    [Theory]
    [InlineData(0u)]
    [InlineData(0x8000_0000u)]
    [InlineData(0xFFFF_FFFFu)]
    public void Rates_of_zero_or_2_pow_31_and_above_are_invalid_and_change_nothing(uint requested)
    {
        uint transitions = _c.Device.OutputTransitions;
        Assert.Equal(EINVAL, Send(Fixtures.Sdcc, 3, ClkRoundRate, requested).Result);
        Assert.Equal(EINVAL, Send(Fixtures.Sdcc, 3, ClkSetRate, requested).Result);
        Assert.Equal(400_000u, _c.Device.RateOf(1));
        Assert.Equal(transitions, _c.Device.OutputTransitions);
    }

    [Fact]
    public void Error_reply_leaves_data0_as_the_driver_wrote_it()
    {
        var reply = Send(Fixtures.Sdcc, 3, ClkSetRate, 0x9000_0000);
        Assert.Equal((EINVAL, 0x9000_0000u), reply);
    }

    [Fact]
    public void Setting_the_current_rate_touches_no_hardware()
    {
        uint transitions = _c.Journal.Count;
        Assert.Equal(Ok, Send(Fixtures.Sdcc, 3, ClkSetRate, 400_050).Result);
        Assert.Equal(transitions, _c.Journal.Count);
    }

    [Fact]
    public void Enable_and_disable_gate_the_output_once()
    {
        Assert.False(_c.Hardware.IsEnabled(0));
        uint count = _c.Journal.Count;

        Assert.Equal(Ok, Send(Fixtures.Uart, 0, ClkEnable).Result);
        Assert.True(_c.Hardware.IsEnabled(0));
        Assert.Equal(Ok, Send(Fixtures.Uart, 0, ClkEnable).Result);
        Assert.Equal(count + 1, _c.Journal.Count);

        Assert.Equal(Ok, Send(Fixtures.Uart, 0, ClkDisable).Result);
        Assert.False(_c.Hardware.IsEnabled(0));
        Assert.Equal(count + 2, _c.Journal.Count);
        Assert.Equal(TransitionKind.ClockDisable, _c.Journal.KindAt(_c.Journal.Retained - 1));
        Assert.Equal(0, _c.Journal.OutputAt(_c.Journal.Retained - 1));
    }

    [Fact]
    public void Set_parent_selects_an_index_into_the_parent_names()
    {
        Assert.Equal((Ok, 2u), Send(Fixtures.Sdcc, 3, ClkSetParent, 2));
        Assert.Equal(2, _c.Hardware.ParentOf(1));
        Assert.Equal(2, _c.Device.ParentOf(1));

        Assert.Equal(EINVAL, Send(Fixtures.Sdcc, 3, ClkSetParent, 3).Result);
        Assert.Equal(EINVAL, Send(Fixtures.Uart, 0, ClkSetParent, 0).Result); // not a mux
        Assert.Equal(2, _c.Hardware.ParentOf(1));
    }

    [Theory]
    [InlineData(0u, 0x2u, 0x3u)] // RETAIN_PERIPH
    [InlineData(1u, 0x2u, 0x2u)] // NORETAIN_PERIPH (already clear)
    [InlineData(2u, 0x2u, 0x2u)] // RETAIN_MEM (already set)
    [InlineData(3u, 0x2u, 0x0u)] // NORETAIN_MEM
    [InlineData(4u, 0x2u, 0x6u)] // PERIPH_OFF_SET
    [InlineData(5u, 0x2u, 0x2u)] // PERIPH_OFF_CLEAR (already clear)
    public void Set_flags_applies_a_branch_mem_flags_action(uint action, uint before, uint after)
    {
        Assert.Equal(before, _c.Device.MemoryFlagsOf(3));
        uint count = _c.Journal.Count;
        Assert.Equal((Ok, after), Send(Fixtures.Overlong, 5, ClkSetFlags, action));
        Assert.Equal(after, _c.Hardware.MemoryFlagsOf(3));
        Assert.Equal(count + (before == after ? 0u : 1u), _c.Journal.Count);
    }

    [Fact]
    public void Set_flags_rejects_values_that_are_not_actions()
    {
        Assert.Equal(EINVAL, Send(Fixtures.Overlong, 5, ClkSetFlags, 6).Result);
        Assert.Equal(0x2u, _c.Device.MemoryFlagsOf(3));
    }

    [Fact]
    public void Reset_assert_and_deassert_drive_the_line()
    {
        Assert.Equal((Ok, 1u), Send(Fixtures.UsbReset, 0, ClkReset, 1));
        Assert.True(_c.Hardware.IsAsserted(0));
        Assert.Equal(TransitionKind.ResetAssert, _c.Journal.KindAt(_c.Journal.Retained - 1));

        Assert.Equal((Ok, 0u), Send(Fixtures.UsbReset, 0, ClkReset, 0));
        Assert.False(_c.Hardware.IsAsserted(0));
        Assert.Equal(TransitionKind.ResetDeassert, _c.Journal.KindAt(_c.Journal.Retained - 1));
    }

    [Fact]
    public void Reset_without_a_name_matches_on_id()
    {
        Assert.True(_c.Hardware.IsAsserted(1));
        Assert.Equal(Ok, Send("", 2, ClkReset, 0).Result);
        Assert.False(_c.Hardware.IsAsserted(1));
    }

    [Fact]
    public void Reset_errors()
    {
        uint count = _c.Journal.Count;
        Assert.Equal(EINVAL, Send(Fixtures.UsbReset, 0, ClkReset, 2).Result);
        Assert.Equal(ENOENT, Send("", 1, ClkReset, 1).Result);
        Assert.Equal(ENOENT, Send("gcc_pcie_0_mstr_axi_clk", 0, ClkReset, 1).Result); // with F_NAME the name must agree
        Assert.Equal(count, _c.Journal.Count);

        var noReset = Fixtures.Clock(negotiated: VersionOne | ClkFeatureName);
        noReset.Rig.Submit(noReset.Device, ClockMessage(Fixtures.UsbReset, 0, ClkReset, 1));
        Assert.Equal(EOPNOTSUPP, U32(noReset.Rig.Readable, 48));
        Assert.False(noReset.Hardware.IsAsserted(0));
    }

    [Theory]
    [InlineData(7u)]
    [InlineData(9u)]
    [InlineData(0xFFFF_FFFFu)]
    public void Unknown_types_are_not_supported(uint type)
    {
        uint count = _c.Journal.Count;
        Assert.Equal(EOPNOTSUPP, Send(Fixtures.Uart, 0, type, 48_000_000).Result);
        Assert.Equal(count, _c.Journal.Count);
    }

    [Theory]
    [InlineData(1u)]
    [InlineData(6u)]
    [InlineData(0xFFFF_FFFFu)]
    public void Unknown_ids_are_no_entry(uint id)
    {
        foreach (uint type in new[] { ClkEnable, ClkDisable, ClkSetRate, ClkGetRate, ClkRoundRate, ClkSetFlags, ClkSetParent })
        {
            Assert.Equal(ENOENT, Send("", id, type, 19_200_000).Result);
        }
    }

    [Fact]
    public void With_names_negotiated_a_name_that_disagrees_with_the_id_is_no_entry()
    {
        Assert.Equal(ENOENT, Send(Fixtures.Sdcc, 0, ClkEnable).Result);
        Assert.False(_c.Hardware.IsEnabled(0));
        Assert.Equal(Ok, Send("", 0, ClkEnable).Result); // an empty name defers to the id
    }

    [Fact]
    public void Without_names_negotiated_the_driver_generated_name_is_ignored()
    {
        var c = Fixtures.Clock(new ClockDeviceOptions(), VersionOne | ClkFeatureReset);
        c.Rig.Submit(c.Device, ClockMessage("virtio_0_3", 3, ClkGetRate));
        Assert.Equal(Ok, U32(c.Rig.Readable, 48));
        Assert.Equal(400_000u, U32(c.Rig.Readable, 52));
    }

    [Fact]
    public void Names_are_compared_truncated_to_39_characters_like_strscpy()
    {
        Assert.Equal((Ok, 19_200_000u), Send(Fixtures.Name39, 4, ClkGetRate));
        Assert.Equal((Ok, 1_000_000u), Send(Fixtures.Overlong, 5, ClkGetRate)); // the helper truncates like the driver

        // 39 characters then NUL is the longest name; a field of 40 non-NUL bytes never matches.
        byte[] unterminated = ClockMessage(Fixtures.Overlong, 5, ClkGetRate);
        unterminated[39] = (byte)Fixtures.Overlong[39];
        Assert.Equal(ENOENT, Send(unterminated).Result);

        // One character short is a different name.
        Assert.Equal(ENOENT, Send(Fixtures.Name39[..38], 4, ClkGetRate).Result);
    }

    [Fact]
    public void Hardware_refusal_is_an_io_error_and_the_device_keeps_its_state()
    {
        _c.Hardware.FailingOutput = 1;
        Assert.Equal(EIO, Send(Fixtures.Sdcc, 3, ClkSetRate, 100_000_000).Result);
        Assert.Equal(EIO, Send(Fixtures.Sdcc, 3, ClkDisable).Result);
        Assert.Equal(EIO, Send(Fixtures.Sdcc, 3, ClkSetParent, 1).Result);
        Assert.Equal((Ok, 400_000u), Send(Fixtures.Sdcc, 3, ClkGetRate));
        Assert.True(_c.Device.IsEnabled(1));
        Assert.Equal(0, _c.Device.ParentOf(1));

        _c.Hardware.FailingLine = 0;
        Assert.Equal(EIO, Send(Fixtures.UsbReset, 0, ClkReset, 1).Result);
        Assert.False(_c.Device.IsAsserted(0));
    }

    [Fact]
    public void Requests_on_another_queue_are_ignored()
    {
        byte[] message = ClockMessage(Fixtures.Uart, 0, ClkEnable);
        _c.Rig.Submit(_c.Device, message, queue: 1);
        Assert.Equal(message, _c.Rig.Readable);
        Assert.False(_c.Hardware.IsEnabled(0));
    }

    [Fact]
    public void Start_up_drives_every_output_to_its_descriptor_state()
    {
        Assert.Equal(19_200_000u, _c.Hardware.RateOf(0));
        Assert.False(_c.Hardware.IsEnabled(0));
        Assert.Equal(400_000u, _c.Hardware.RateOf(1));
        Assert.True(_c.Hardware.IsEnabled(1));
        Assert.Equal(0x2u, _c.Hardware.MemoryFlagsOf(3));
        Assert.False(_c.Hardware.IsAsserted(0));
        Assert.True(_c.Hardware.IsAsserted(1));
        Assert.Equal(_c.Journal.Count, _c.Device.OutputTransitions);
        // 4 clocks x (rate, flags, gate) + 1 parent + 2 reset lines
        Assert.Equal(15u, _c.Device.OutputTransitions);
    }
}
