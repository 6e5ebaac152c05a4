using VirtioMmio.Transport;

namespace VirtioMmio.Bridge
{
    /// <summary>
    /// The interrupt sink of one slot's transport: records the level in the link's <see cref="InterruptLevels"/>
    /// and passes it on to an optional next line (a GPIO on a board).
    /// </summary>
    public sealed class SlotInterruptLine : IInterruptLine
    {
        private readonly InterruptLevels _levels;
        private readonly int _slot;

        public SlotInterruptLine(InterruptLevels levels, int slot)
        {
            _levels = levels;
            _slot = slot;
        }

        /// <summary>Optional further receiver (e.g. a GPIO driver that mirrors the line on a pin).</summary>
        public IInterruptLine? Next { get; set; }

        public void SetLevel(bool asserted)
        {
            _levels.Set(_slot, asserted);
            IInterruptLine? next = Next;
            if (next != null)
            {
                next.SetLevel(asserted);
            }
        }
    }
}
