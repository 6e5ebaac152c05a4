namespace VirtioMmio.Devices.Clock
{
    /// <summary>One reset line of a virtio-clock device (served with VIRTIO_CLK_F_RESET), defined by data.</summary>
    public sealed class ResetDescriptor
    {
        public ResetDescriptor(string name, uint id, int line, bool initiallyAsserted)
        {
            Name = name;
            Id = id;
            Line = line;
            InitiallyAsserted = initiallyAsserted;
        }

        /// <summary>
        /// Reset name as in the guest's reset_names table (the first 39 characters travel on the wire). May be empty:
        /// the driver sends an all-zero name for resets its table does not name, and the device then matches on id.
        /// </summary>
        public string Name { get; }

        /// <summary>Reset index in the guest's view (dt-bindings constant, or 0..num_resets-1).</summary>
        public uint Id { get; }

        /// <summary>Index of the hardware reset line (<see cref="VirtioMmio.Hardware.IResetLine"/>).</summary>
        public int Line { get; }

        /// <summary>Line level at start-up.</summary>
        public bool InitiallyAsserted { get; }

        /// <summary>Returns null if valid, else what is wrong (construction time only).</summary>
        public string? Validate()
        {
            if (Name == null || !WireName.IsPrintableAscii(Name))
            {
                return "reset name must be printable ASCII (may be empty)";
            }

            if (Line < 0)
            {
                return "reset line index must be >= 0";
            }

            return null;
        }
    }
}
