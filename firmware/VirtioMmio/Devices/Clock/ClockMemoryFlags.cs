namespace VirtioMmio.Devices.Clock
{
    /// <summary>
    /// Branch memory/peripheral retention state of a clock, changed by SET_FLAGS. The request carries one action of
    /// the downstream <c>enum branch_mem_flags</c> (<see cref="RetainPeripheralAction"/>..<see cref="PeripheralOffClearAction"/>);
    /// the device keeps the resulting state as these bits.
    /// </summary>
    public static class ClockMemoryFlags
    {
        /// <summary>State bit: peripheral memory retained while the branch is off.</summary>
        public const uint RetainPeripheral = 0x1;

        /// <summary>State bit: core memory retained while the branch is off.</summary>
        public const uint RetainMemory = 0x2;

        /// <summary>State bit: peripheral memory forced off.</summary>
        public const uint PeripheralOff = 0x4;

        /// <summary>All state bits.</summary>
        public const uint All = 0x7;

        public const uint RetainPeripheralAction = 0;
        public const uint NoRetainPeripheralAction = 1;
        public const uint RetainMemoryAction = 2;
        public const uint NoRetainMemoryAction = 3;
        public const uint PeripheralOffSetAction = 4;
        public const uint PeripheralOffClearAction = 5;

        /// <summary>
        /// Applies SET_FLAGS action <paramref name="action"/> to <paramref name="state"/>. False (state unchanged) for
        /// a value that is not a branch_mem_flags action.
        /// </summary>
        public static bool TryApply(uint state, uint action, out uint newState)
        {
            switch (action)
            {
                case RetainPeripheralAction: newState = state | RetainPeripheral; return true;
                case NoRetainPeripheralAction: newState = state & ~RetainPeripheral; return true;
                case RetainMemoryAction: newState = state | RetainMemory; return true;
                case NoRetainMemoryAction: newState = state & ~RetainMemory; return true;
                case PeripheralOffSetAction: newState = state | PeripheralOff; return true;
                case PeripheralOffClearAction: newState = state & ~PeripheralOff; return true;
                default: newState = state; return false;
            }
        }
    }
}
