namespace VirtioMmio.Hardware
{
    /// <summary>
    /// The physical regulator outputs of one regulator controller, addressed by output index. One call is one
    /// physical transition; the device calls it only on a change. False means the output kept its previous state,
    /// and the device answers -EIO.
    /// <paramref name="settleMicroseconds"/> is how long the output needs to settle after the change (from the
    /// board's resource model). It is reported so an implementation can record or schedule a power-good check;
    /// nobody waits for it: every call returns at once.
    /// </summary>
    public interface IRegulatorOutput
    {
        /// <summary>Switches the output on (true) or off (false).</summary>
        bool SetEnabled(int output, bool enabled, uint settleMicroseconds);

        /// <summary>Programs the output voltage in µV (takes effect when enabled if the output is off).</summary>
        bool SetVoltage(int output, uint microvolts, uint settleMicroseconds);

        /// <summary>Programs the current limit in µA.</summary>
        bool SetCurrentLimit(int output, uint microamps);

        /// <summary>Selects an operating mode (one Linux REGULATOR_MODE_* bit).</summary>
        bool SetMode(int output, uint mode);
    }
}
