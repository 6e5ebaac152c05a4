namespace VirtioMmio.Devices.Regulator
{
    /// <summary>VIRTIO_REGULATOR_T_* request types (the <c>type</c> field).</summary>
    public static class RegulatorRequestType
    {
        public const uint Enable = 0;
        public const uint Disable = 1;

        /// <summary>data[0] = ceil(min_uV/1000) mV, data[1] = floor(max_uV/1000) mV: data[0] may exceed data[1] by 1.</summary>
        public const uint SetVoltage = 2;

        /// <summary>Reply data[0] = voltage in mV.</summary>
        public const uint GetVoltage = 3;

        /// <summary>data[0] = min µA, data[1] = max µA (defined by the header; no driver sends it).</summary>
        public const uint SetCurrentLimit = 4;

        /// <summary>Reply data[0] = limit in µA.</summary>
        public const uint GetCurrentLimit = 5;

        /// <summary>data[0] = one REGULATOR_MODE_* value.</summary>
        public const uint SetMode = 6;

        public const uint GetMode = 7;

        /// <summary>data[0] = aggregate consumer load in µA.</summary>
        public const uint SetLoad = 8;

        /// <summary>Highest defined type.</summary>
        public const uint Last = SetLoad;
    }
}
