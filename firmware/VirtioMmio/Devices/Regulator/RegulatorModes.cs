namespace VirtioMmio.Devices.Regulator
{
    /// <summary>Linux REGULATOR_MODE_* values, carried raw in SET_MODE/GET_MODE data[0]; also bits of an allowed-modes mask.</summary>
    public static class RegulatorModes
    {
        public const uint Fast = 0x1;
        public const uint Normal = 0x2;
        public const uint Idle = 0x4;
        public const uint Standby = 0x8;

        /// <summary>Every defined mode bit.</summary>
        public const uint All = 0xF;

        /// <summary>True if <paramref name="mode"/> is exactly one defined mode.</summary>
        public static bool IsSingleMode(uint mode)
        {
            return mode == Fast || mode == Normal || mode == Idle || mode == Standby;
        }
    }
}
