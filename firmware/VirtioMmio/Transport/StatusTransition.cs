namespace VirtioMmio.Transport
{
    /// <summary>What a driver write to Status asks for, as classified by <see cref="DeviceStatusMachine"/>.</summary>
    internal enum StatusTransition
    {
        /// <summary>0 written: device reset, accepted from any state.</summary>
        Reset = 0,

        /// <summary>
        /// Same sequence bits as now, or FAILED with fewer of them: accepted, FAILED is OR-ed in, nothing else changes.
        /// </summary>
        NoChange = 1,

        Acknowledge = 2,
        Driver = 3,

        /// <summary>FEATURES_OK requested: accepted only if feature negotiation succeeds inside the write.</summary>
        FeaturesOk = 4,

        DriverOk = 5,

        /// <summary>Skipped step, cleared bit, unknown bit: refused, Status unchanged.</summary>
        Invalid = 6,
    }
}
