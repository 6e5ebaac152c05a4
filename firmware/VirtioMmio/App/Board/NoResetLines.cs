using VirtioMmio.Hardware;

namespace VirtioMmio.App.Board
{
    /// <summary>The reset lines of a board that has none: every change is refused (no board file defines resets).</summary>
    public sealed class NoResetLines : IResetLine
    {
        public bool SetAsserted(int line, bool asserted)
        {
            return false;
        }
    }
}
