namespace VirtioMmio.Hardware
{
    /// <summary>
    /// The physical reset lines of one clock controller, addressed by line index. One call is one transition;
    /// the device calls it only on a change. False means the line kept its previous level.
    /// </summary>
    public interface IResetLine
    {
        /// <summary>Asserts (true) or deasserts (false) reset line <paramref name="line"/>.</summary>
        bool SetAsserted(int line, bool asserted);
    }
}
