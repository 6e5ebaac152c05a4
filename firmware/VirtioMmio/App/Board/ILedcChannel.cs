namespace VirtioMmio.App.Board
{
    /// <summary>
    /// One LEDC PWM channel at 50 % duty (a nanoFramework PwmChannel on the board). The frequency lives in the
    /// LEDC timer the channel shares with its pair partner, so <see cref="SetFrequency"/> retunes both channels;
    /// <see cref="LedcClockOutputs"/> is what keeps that safe. False means the hardware refused and nothing changed.
    /// </summary>
    public interface ILedcChannel
    {
        /// <summary>Programs the channel's (and so its timer's) frequency in Hz.</summary>
        bool SetFrequency(uint hz);

        /// <summary>Starts the output at the channel's frequency (it reprograms the shared timer to it).</summary>
        bool Start();

        /// <summary>Stops the output (idle low).</summary>
        bool Stop();
    }
}
