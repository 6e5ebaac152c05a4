using VirtioMmio.App.Board;
using VirtioMmio.Devices.Regulator;

namespace Boards.Tests;

/// <summary>The portable hardware adapters of the firmware (LEDC clocks, GPIO regulators) on simulated pins.</summary>
public sealed class BoardOutputTests
{
    // Clocks 0 and 1 share LEDC timer 0 (PWM1/PWM2); clock 2 has PWM3 (timer 1) to itself.
    private static BoardDefinition Board() => new(
        "test-board", "ESP32_REV3", 17, 16, 921600, 4, 23, 0x80000000UL, 16384, 16,
        [
            new ClockOutputDefinition("a", 0, 1, 18, 1000, 40_000_000, [], 1_000_000),
            new ClockOutputDefinition("b", 1, 2, 19, 1000, 40_000_000, [], 1_000_000),
            new ClockOutputDefinition("c", 2, 3, 21, 32768, 19_200_000, [32768, 19_200_000], 32768),
        ],
        [
            new RegulatorOutputDefinition("vdd_sensor", 25, 1200, 3000, 600, [26, 27], 1800),
            new RegulatorOutputDefinition("vdd_io", 13, 3300, 3300, 1, [], 3300),
        ]);

    private static (LedcClockOutputs Outputs, SimulatedBoardHardware Hardware) Clocks()
    {
        var hardware = new SimulatedBoardHardware();
        return (new LedcClockOutputs(Board(), hardware), hardware);
    }

    [Fact]
    public void Channels_are_opened_stopped_at_their_initial_rate_and_partners_are_found()
    {
        (LedcClockOutputs outputs, SimulatedBoardHardware hw) = Clocks();

        Assert.Equal(["open PWM1 GPIO18 1000000 Hz", "open PWM2 GPIO19 1000000 Hz", "open PWM3 GPIO21 32768 Hz"], hw.Log);
        Assert.All(hw.LedcByPin.Values, c => Assert.False(c.Running));
        Assert.Equal((1, 0, -1), (outputs.PartnerOf(0), outputs.PartnerOf(1), outputs.PartnerOf(2)));
    }

    [Fact]
    public void Rate_is_the_pwm_frequency_and_enable_starts_the_channel()
    {
        (LedcClockOutputs outputs, SimulatedBoardHardware hw) = Clocks();

        Assert.True(outputs.SetRate(2, 19_200_000));
        Assert.Equal(0u, hw.LedcByPin[21].OutputHz); // a stopped clock only remembers its rate
        Assert.True(outputs.SetEnabled(2, true));
        Assert.Equal(19_200_000u, hw.LedcByPin[21].OutputHz);

        Assert.True(outputs.SetRate(2, 32768)); // running: retuned at once
        Assert.Equal(32768u, hw.LedcByPin[21].OutputHz);

        Assert.True(outputs.SetEnabled(2, false));
        Assert.False(hw.LedcByPin[21].Running);
    }

    [Fact]
    public void A_pair_runs_together_at_one_rate()
    {
        (LedcClockOutputs outputs, SimulatedBoardHardware hw) = Clocks();

        Assert.True(outputs.SetEnabled(0, true));
        Assert.True(outputs.SetEnabled(1, true));
        Assert.Equal(1_000_000u, hw.LedcByPin[18].OutputHz);
        Assert.Equal(1_000_000u, hw.LedcByPin[19].OutputHz);
        Assert.Equal(0u, outputs.PairConflicts);
    }

    [Fact]
    public void Retuning_a_clock_whose_partner_runs_is_refused_and_changes_nothing()
    {
        (LedcClockOutputs outputs, SimulatedBoardHardware hw) = Clocks();
        Assert.True(outputs.SetEnabled(0, true));
        Assert.True(outputs.SetEnabled(1, true));
        int logged = hw.Log.Count;

        Assert.False(outputs.SetRate(1, 2_000_000));

        Assert.Equal(1u, outputs.PairConflicts);
        Assert.Equal(1_000_000u, outputs.RateOf(1));
        Assert.Equal(1_000_000u, hw.LedcByPin[18].OutputHz);
        Assert.Equal(logged, hw.Log.Count); // no hardware access at all
    }

    [Fact]
    public void Setting_the_partners_own_rate_again_is_allowed()
    {
        (LedcClockOutputs outputs, _) = Clocks();
        Assert.True(outputs.SetEnabled(0, true));

        Assert.True(outputs.SetRate(1, 1_000_000));
    }

    [Fact]
    public void A_stopped_clock_may_take_another_rate_but_not_start_while_its_partner_runs_at_the_old_one()
    {
        (LedcClockOutputs outputs, SimulatedBoardHardware hw) = Clocks();
        Assert.True(outputs.SetEnabled(0, true));
        Assert.True(outputs.SetRate(1, 1_000_000));

        // Partner 0 runs at 1 MHz: clock 1 may not be retuned away from it...
        Assert.False(outputs.SetRate(1, 4_000_000));

        // ...but once 0 stops, 1 can take 4 MHz and start; 0 then cannot restart at 1 MHz.
        Assert.True(outputs.SetEnabled(0, false));
        Assert.True(outputs.SetRate(1, 4_000_000));
        Assert.True(outputs.SetEnabled(1, true));
        Assert.Equal(4_000_000u, hw.LedcByPin[19].OutputHz);
        Assert.False(outputs.SetEnabled(0, true));
        Assert.False(hw.LedcByPin[18].Running);
        Assert.Equal(4_000_000u, hw.TimerHz(1));
    }

    [Fact]
    public void Starting_reprograms_the_channel_so_the_shared_timer_gets_its_rate()
    {
        (LedcClockOutputs outputs, SimulatedBoardHardware hw) = Clocks();
        Assert.True(outputs.SetRate(0, 5_000_000));
        Assert.True(outputs.SetEnabled(0, true));
        Assert.True(outputs.SetEnabled(0, false));
        Assert.True(outputs.SetEnabled(1, true)); // partner stopped: 1 starts at its own 1 MHz

        Assert.Equal(1_000_000u, hw.LedcByPin[19].OutputHz);
        Assert.Equal(1_000_000u, hw.TimerHz(2));
    }

    [Fact]
    public void Hardware_refusals_are_reported_and_leave_the_state()
    {
        (LedcClockOutputs outputs, SimulatedBoardHardware hw) = Clocks();
        Assert.True(outputs.SetEnabled(2, true));
        hw.LedcByPin[21].Refuse = true;

        Assert.False(outputs.SetRate(2, 19_200_000));
        Assert.Equal(32768u, outputs.RateOf(2));
        Assert.False(outputs.SetEnabled(2, false));
        Assert.True(outputs.IsRunning(2));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(3)]
    public void Unknown_outputs_are_refused(int output)
    {
        (LedcClockOutputs outputs, _) = Clocks();
        Assert.False(outputs.SetRate(output, 1000));
        Assert.False(outputs.SetEnabled(output, true));
        Assert.False(outputs.SetMemoryFlags(output, 0));
        Assert.False(outputs.SetParent(0, 0)); // LEDC has no parent mux
    }

    // ---- regulators ----

    private static (GpioRegulatorOutputs Outputs, SimulatedBoardHardware Hardware) Regulators()
    {
        var hardware = new SimulatedBoardHardware();
        return (new GpioRegulatorOutputs(Board(), hardware), hardware);
    }

    [Fact]
    public void Select_pins_are_set_to_the_initial_level_before_the_enable_is_opened_low()
    {
        (GpioRegulatorOutputs outputs, SimulatedBoardHardware hw) = Regulators();

        // 1800 mV = level 1 of 1200..3000 step 600: bit 0 on GPIO26, bit 1 on GPIO27.
        Assert.Equal(["open GPIO26 1", "open GPIO27 0", "open GPIO25 0", "open GPIO13 0"], hw.Log);
        Assert.Equal(1, outputs.LevelOf(0));
        Assert.False(outputs.IsEnabled(0));
    }

    [Theory]
    [InlineData(1_200_000u, false, false)]
    [InlineData(1_800_000u, true, false)]
    [InlineData(2_400_000u, false, true)]
    [InlineData(3_000_000u, true, true)]
    public void Voltage_is_the_level_index_in_binary_on_the_select_pins(uint microvolts, bool bit0, bool bit1)
    {
        (GpioRegulatorOutputs outputs, SimulatedBoardHardware hw) = Regulators();

        Assert.True(outputs.SetVoltage(0, microvolts, 0));

        Assert.Equal((bit0, bit1), (hw.Pins[26].High, hw.Pins[27].High));
    }

    [Fact]
    public void Only_select_pins_that_change_are_written()
    {
        (GpioRegulatorOutputs outputs, SimulatedBoardHardware hw) = Regulators();
        hw.Log.Clear();

        Assert.True(outputs.SetVoltage(0, 3_000_000, 0)); // level 1 -> 3: only bit 1 changes

        Assert.Equal(["GPIO27 1"], hw.Log);
    }

    [Theory]
    [InlineData(1_500_000u)] // between levels
    [InlineData(1_800_500u)] // not whole mV
    [InlineData(600_000u)] // below range
    [InlineData(3_600_000u)] // above range
    public void Voltages_that_are_not_a_level_are_refused_without_touching_a_pin(uint microvolts)
    {
        (GpioRegulatorOutputs outputs, SimulatedBoardHardware hw) = Regulators();
        hw.Log.Clear();

        Assert.False(outputs.SetVoltage(0, microvolts, 0));

        Assert.Empty(hw.Log);
        Assert.Equal(1, outputs.LevelOf(0));
    }

    [Fact]
    public void Enable_drives_the_enable_pin_and_a_fixed_regulator_accepts_its_voltage()
    {
        (GpioRegulatorOutputs outputs, SimulatedBoardHardware hw) = Regulators();

        Assert.True(outputs.SetEnabled(1, true, 100));
        Assert.True(hw.Pins[13].High);
        Assert.True(outputs.SetVoltage(1, 3_300_000, 0));
        Assert.False(outputs.SetVoltage(1, 3_000_000, 0));
        Assert.True(outputs.SetEnabled(1, false, 0));
        Assert.False(hw.Pins[13].High);
    }

    [Fact]
    public void Current_limits_have_no_hardware_and_normal_is_the_only_mode()
    {
        (GpioRegulatorOutputs outputs, _) = Regulators();

        Assert.False(outputs.SetCurrentLimit(0, 100_000));
        Assert.True(outputs.SetMode(0, RegulatorModes.Normal));
        Assert.False(outputs.SetMode(0, RegulatorModes.Idle));
        Assert.False(outputs.SetEnabled(2, true, 0));
    }
}
