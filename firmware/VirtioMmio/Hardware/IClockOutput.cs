namespace VirtioMmio.Hardware
{
    /// <summary>
    /// The physical clock outputs of one clock controller, addressed by output index (the board decides what an
    /// index drives: an LEDC channel, a PLL tap, a gate). Every call is one physical transition; the device calls it
    /// only when the state actually changes, so an implementation never needs to filter repeats.
    /// Calls complete synchronously and never block. A false return means the hardware refused the change and is
    /// still in its previous state; the device then answers -EIO and keeps its own state.
    /// </summary>
    public interface IClockOutput
    {
        /// <summary>Programs the output frequency (Hz, below 2^31). The output may be gated while this happens.</summary>
        bool SetRate(int output, uint rateHz);

        /// <summary>Ungates (true) or gates (false) the output.</summary>
        bool SetEnabled(int output, bool enabled);

        /// <summary>Selects parent <paramref name="parentIndex"/> of a mux output.</summary>
        bool SetParent(int output, int parentIndex);

        /// <summary>Applies branch memory/peripheral retention state (<see cref="VirtioMmio.Devices.Clock.ClockMemoryFlags"/> bits).</summary>
        bool SetMemoryFlags(int output, uint flags);
    }
}
