namespace VirtioMmio.Bridge
{
    /// <summary>
    /// The interrupt-line levels of every slot on one link, as a bitmap, plus an epoch that counts level changes.
    /// Replies and events carry both; the host keeps the state with the newest epoch, so a reordered or
    /// replayed (cached) packet can never roll the line back.
    /// </summary>
    public sealed class InterruptLevels
    {
        private uint _levels;

        /// <summary>Bit n set while slot n's line is asserted.</summary>
        public ushort Levels
        {
            get { return (ushort)_levels; }
        }

        /// <summary>Incremented (mod 2^16) on every level change of any slot.</summary>
        public ushort Epoch { get; private set; }

        public bool IsAsserted(int slot)
        {
            return (_levels & (1u << slot)) != 0;
        }

        public void Set(int slot, bool asserted)
        {
            uint bit = 1u << slot;
            uint next = asserted ? _levels | bit : _levels & ~bit;
            if (next != _levels)
            {
                _levels = next;
                Epoch = (ushort)(Epoch + 1);
            }
        }
    }
}
