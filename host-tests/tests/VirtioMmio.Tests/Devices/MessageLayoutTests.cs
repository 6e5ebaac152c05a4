using VirtioMmio.Devices.Clock;
using VirtioMmio.Devices.Regulator;
using static VirtioMmio.Tests.Devices.Wire;

namespace VirtioMmio.Tests.Devices;

/// <summary>
/// Where replies go: compatibility write-back into the readable buffer vs a spec-clean writable reply with an exact
/// used len; short request and reply buffers; descriptor splits (spec V-01).
/// </summary>
public sealed class MessageLayoutTests
{
    [Fact]
    public void Clock_spec_clean_reply_is_a_full_message_in_the_writable_buffer()
    {
        var c = Fixtures.Clock();
        byte[] message = ClockMessage(Fixtures.Sdcc, 3, ClkRoundRate, 1_234_567);
        c.Rig.Submit(c.Device, message, writableLength: 68);

        Assert.Equal(message, c.Rig.Readable);   // V-02: the readable buffer is untouched
        Assert.Equal(68, c.Rig.UsedLength);      // V-05: exact used len
        Assert.Equal(message[..48], c.Rig.Writable[..48]); // name, id, type echoed
        Assert.Equal(Ok, U32(c.Rig.Writable, 48));
        Assert.Equal(1_200_000u, U32(c.Rig.Writable, 52));
        Assert.Equal(new byte[12], c.Rig.Writable[56..]);
    }

    [Fact]
    public void Clock_spec_clean_error_reply_has_zero_data()
    {
        var c = Fixtures.Clock();
        c.Rig.Submit(c.Device, ClockMessage("", 42, ClkSetRate, 1_000_000), writableLength: 68);
        Assert.Equal(68, c.Rig.UsedLength);
        Assert.Equal(ENOENT, U32(c.Rig.Writable, 48));
        Assert.Equal(new byte[16], c.Rig.Writable[52..]);
    }

    [Fact]
    public void Regulator_spec_clean_reply_is_a_full_message_in_the_writable_buffer()
    {
        var r = Fixtures.Regulator();
        byte[] message = RegulatorMessage(Fixtures.Smps, RegGetVoltage);
        r.Rig.Submit(r.Device, message, writableLength: 44);

        Assert.Equal(message, r.Rig.Readable);
        Assert.Equal(44, r.Rig.UsedLength);
        Assert.Equal(message[..24], r.Rig.Writable[..24]);
        Assert.Equal(Ok, U32(r.Rig.Writable, 24));
        Assert.Equal(1800u, U32(r.Rig.Writable, 28));
        Assert.Equal(new byte[12], r.Rig.Writable[32..]);
    }

    [Fact]
    public void A_larger_writable_buffer_gets_exactly_one_message()
    {
        var c = Fixtures.Clock();
        c.Rig.Submit(c.Device, ClockMessage(Fixtures.Uart, 0, ClkGetRate), writableLength: 128);
        Assert.Equal(68, c.Rig.UsedLength);
        Assert.All(c.Rig.Writable[68..], b => Assert.Equal(0xCC, b));
    }

    [Theory]
    [InlineData(67)]
    [InlineData(52)]
    public void Short_clock_request_gets_EIO_written_back_and_does_nothing(int length)
    {
        var c = Fixtures.Clock();
        uint transitions = c.Device.OutputTransitions;
        byte[] message = ClockMessage(Fixtures.Uart, 0, ClkEnable)[..length];
        c.Rig.Submit(c.Device, message);

        byte[] expected = (byte[])message.Clone();
        BitConverter.GetBytes(EIO).CopyTo(expected, 48);
        Assert.Equal(expected, c.Rig.Readable);
        Assert.Equal(0, c.Rig.UsedLength);
        Assert.False(c.Hardware.IsEnabled(0));
        Assert.Equal(transitions, c.Device.OutputTransitions);
    }

    [Theory]
    [InlineData(51)]
    [InlineData(1)]
    public void Clock_request_too_short_for_a_result_is_left_untouched(int length)
    {
        var c = Fixtures.Clock();
        byte[] message = ClockMessage(Fixtures.Uart, 0, ClkEnable)[..length];
        c.Rig.Submit(c.Device, message);
        Assert.Equal(message, c.Rig.Readable);
        Assert.Equal(0, c.Rig.UsedLength);
        Assert.False(c.Hardware.IsEnabled(0));
    }

    [Theory]
    [InlineData(43)]
    [InlineData(28)]
    public void Short_regulator_request_gets_EIO_written_back_and_does_nothing(int length)
    {
        var r = Fixtures.Regulator();
        byte[] message = RegulatorMessage(Fixtures.Ldo, RegEnable)[..length];
        r.Rig.Submit(r.Device, message);

        byte[] expected = (byte[])message.Clone();
        BitConverter.GetBytes(EIO).CopyTo(expected, 24);
        Assert.Equal(expected, r.Rig.Readable);
        Assert.False(r.Hardware.IsEnabled(0));
    }

    [Fact]
    public void Regulator_request_too_short_for_a_result_is_left_untouched()
    {
        var r = Fixtures.Regulator();
        byte[] message = RegulatorMessage(Fixtures.Ldo, RegEnable)[..27];
        r.Rig.Submit(r.Device, message);
        Assert.Equal(message, r.Rig.Readable);
        Assert.False(r.Hardware.IsEnabled(0));
    }

    [Fact]
    public void Clock_reply_that_does_not_fit_gets_EIO_where_the_result_fits_and_is_not_executed()
    {
        var c = Fixtures.Clock();
        byte[] message = ClockMessage(Fixtures.Uart, 0, ClkEnable);
        c.Rig.Submit(c.Device, message, writableLength: 60);

        Assert.Equal(52, c.Rig.UsedLength);
        Assert.Equal(message[..48], c.Rig.Writable[..48]);
        Assert.Equal(EIO, U32(c.Rig.Writable, 48));
        Assert.All(c.Rig.Writable[52..], b => Assert.Equal(0xCC, b));
        Assert.Equal(message, c.Rig.Readable);
        Assert.False(c.Hardware.IsEnabled(0));
    }

    [Fact]
    public void Clock_reply_area_too_small_for_a_result_gets_nothing_and_is_not_executed()
    {
        var c = Fixtures.Clock();
        c.Rig.Submit(c.Device, ClockMessage(Fixtures.Uart, 0, ClkEnable), writableLength: 51);
        Assert.Equal(0, c.Rig.UsedLength);
        Assert.All(c.Rig.Writable, b => Assert.Equal(0xCC, b));
        Assert.False(c.Hardware.IsEnabled(0));
    }

    [Fact]
    public void Short_request_with_a_writable_area_gets_EIO_there_with_the_header_it_had()
    {
        var c = Fixtures.Clock();
        byte[] message = ClockMessage(Fixtures.Uart, 0, ClkEnable)[..30];
        c.Rig.Submit(c.Device, message, writableLength: 68);
        Assert.Equal(52, c.Rig.UsedLength);
        Assert.Equal(message, c.Rig.Writable[..30]);
        Assert.Equal(new byte[18], c.Rig.Writable[30..48]);
        Assert.Equal(EIO, U32(c.Rig.Writable, 48));
    }

    [Fact]
    public void Regulator_reply_that_does_not_fit_gets_EIO_where_the_result_fits()
    {
        var r = Fixtures.Regulator();
        byte[] message = RegulatorMessage(Fixtures.Ldo, RegEnable);
        r.Rig.Submit(r.Device, message, writableLength: 30);
        Assert.Equal(28, r.Rig.UsedLength);
        Assert.Equal(EIO, U32(r.Rig.Writable, 24));
        Assert.False(r.Hardware.IsEnabled(0));
    }

    [Fact]
    public void Without_write_back_a_readable_only_request_gets_no_reply_and_is_not_executed()
    {
        var c = Fixtures.Clock(new ClockDeviceOptions { WriteBack = false });
        byte[] message = ClockMessage(Fixtures.Uart, 0, ClkEnable);
        c.Rig.Submit(c.Device, message);
        Assert.Equal(message, c.Rig.Readable);
        Assert.Equal(0, c.Rig.UsedLength);
        Assert.False(c.Hardware.IsEnabled(0));

        c.Rig.Submit(c.Device, message, writableLength: 68);
        Assert.Equal(Ok, U32(c.Rig.Writable, 48));
        Assert.True(c.Hardware.IsEnabled(0));

        var r = Fixtures.Regulator(new RegulatorDeviceOptions { WriteBack = false });
        byte[] enable = RegulatorMessage(Fixtures.Ldo, RegEnable);
        r.Rig.Submit(r.Device, enable);
        Assert.Equal(enable, r.Rig.Readable);
        Assert.False(r.Hardware.IsEnabled(0));
    }

    [Fact]
    public void Any_descriptor_split_works_and_the_write_back_crosses_segments()
    {
        var c = Fixtures.Clock();
        byte[] message = ClockMessage(Fixtures.Sdcc, 3, ClkGetRate);
        c.Rig.Submit(c.Device, message, split: [10, 40, 1, 3, 14]); // result spans segments 3/4, data[0] is in 5
        Assert.Equal(Ok, U32(c.Rig.Readable, 48));
        Assert.Equal(400_000u, U32(c.Rig.Readable, 52));
        Assert.Equal(message[..48], c.Rig.Readable[..48]);
        Assert.Equal(message[56..], c.Rig.Readable[56..]);

        var r = Fixtures.Regulator();
        r.Rig.Submit(r.Device, RegulatorMessage(Fixtures.Smps, RegGetVoltage), split: [5, 21, 18]);
        Assert.Equal(Ok, U32(r.Rig.Readable, 24));
        Assert.Equal(1800u, U32(r.Rig.Readable, 28));
    }

    [Fact]
    public void Trailing_bytes_after_the_message_are_ignored()
    {
        var c = Fixtures.Clock();
        byte[] message = [.. ClockMessage(Fixtures.Uart, 0, ClkGetRate), .. new byte[] { 1, 2, 3, 4 }];
        c.Rig.Submit(c.Device, message);
        Assert.Equal(Ok, U32(c.Rig.Readable, 48));
        Assert.Equal(19_200_000u, U32(c.Rig.Readable, 52));
        Assert.Equal(new byte[] { 1, 2, 3, 4 }, c.Rig.Readable[68..]);
    }
}
