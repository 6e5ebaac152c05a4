using VirtioMmio.App.Board;
using VirtioMmio.Bridge;

namespace Boards.Tests;

/// <summary>The interrupt mirror pin, the status LED and the loop watchdog.</summary>
public sealed class SupervisionTests
{
    private static SimulatedBoardHardware.SimulatedPin Pin(SimulatedBoardHardware hw, int pin) =>
        (SimulatedBoardHardware.SimulatedPin)hw.OpenOutput(pin, false);

    [Fact]
    public void The_interrupt_pin_is_the_or_of_all_slots_and_is_written_only_on_change()
    {
        var hw = new SimulatedBoardHardware();
        var levels = new InterruptLevels();
        SimulatedBoardHardware.SimulatedPin pin = Pin(hw, 23);
        var mirror = new InterruptPinMirror(levels, pin);

        void Set(int slot, bool asserted)
        {
            levels.Set(slot, asserted); // what SlotInterruptLine does before calling its Next
            mirror.SetLevel(asserted);
        }

        Set(0, true);
        Set(1, true);
        Set(0, false);
        Assert.True(pin.High); // slot 1 still asserted
        Set(1, false);
        Assert.False(pin.High);
        Assert.Equal(2, pin.Writes);
    }

    [Fact]
    public void The_led_flickers_on_traffic_but_not_faster_than_the_activity_period()
    {
        var hw = new SimulatedBoardHardware();
        SimulatedBoardHardware.SimulatedPin pin = Pin(hw, 2);
        var led = new StatusLed(pin, 0);

        led.Update(StatusLed.ActivityHalfPeriodMs - 1, framesReceived: 1);
        Assert.Equal(0, pin.Writes);
        led.Update(StatusLed.ActivityHalfPeriodMs, framesReceived: 2);
        Assert.Equal(1, pin.Writes);
        led.Update(StatusLed.ActivityHalfPeriodMs * 2, framesReceived: 2); // no new frames: heartbeat pace
        Assert.Equal(1, pin.Writes);
        led.Update(StatusLed.ActivityHalfPeriodMs + StatusLed.HeartbeatHalfPeriodMs, framesReceived: 2);
        Assert.Equal(2, pin.Writes);
        Assert.False(led.IsOn);
    }

    [Fact]
    public void The_watchdog_expires_only_after_the_timeout_and_a_kick_rearms_it()
    {
        var watchdog = new LoopWatchdog(5000, nowMs: 100);

        Assert.False(watchdog.IsExpired(5100));
        Assert.True(watchdog.IsExpired(5101));
        watchdog.Kick(5101);
        Assert.False(watchdog.IsExpired(10_101));
    }

    [Fact]
    public void The_watchdog_survives_the_32_bit_tick_wrap()
    {
        long start = uint.MaxValue - 1000L;
        var watchdog = new LoopWatchdog(5000, start);

        Assert.False(watchdog.IsExpired(start + 4000));
        Assert.True(watchdog.IsExpired(start + 6000));
    }

    [Fact]
    public void A_non_positive_timeout_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new LoopWatchdog(0, 0));
    }
}
