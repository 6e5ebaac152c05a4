namespace VirtioMmio.Devices
{
    /// <summary>
    /// Request results as the Qualcomm drivers read them: 0 on success, otherwise a negative Linux errno stored as a
    /// two's-complement u32 (the driver casts the field to int and hands it to the clk/regulator core unchanged).
    /// </summary>
    public static class LinuxErrno
    {
        public const uint Success = 0;

        /// <summary>-ENOENT (2): no clock, reset or regulator with that id or name.</summary>
        public const uint NoEntry = 0xFFFFFFFE;

        /// <summary>-EIO (5): the buffer is too short for the message, or the hardware refused the change.</summary>
        public const uint IoError = 0xFFFFFFFB;

        /// <summary>-EINVAL (22): a value outside what the resource supports.</summary>
        public const uint InvalidArgument = 0xFFFFFFEA;

        /// <summary>-EOPNOTSUPP (95): unknown request type, or one this resource or session does not support.</summary>
        public const uint NotSupported = 0xFFFFFFA1;
    }
}
