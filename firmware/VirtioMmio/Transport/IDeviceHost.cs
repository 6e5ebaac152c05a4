namespace VirtioMmio.Transport
{
    /// <summary>The transport services a personality may call back into.</summary>
    public interface IDeviceHost
    {
        /// <summary>
        /// The device changed its config space: bumps ConfigGeneration and raises a configuration change
        /// notification once DRIVER_OK is set (a change made before DRIVER_OK is signalled when DRIVER_OK is written).
        /// </summary>
        void NotifyConfigChanged();

        /// <summary>Unrecoverable device error: sets DEVICE_NEEDS_RESET and raises a config interrupt (spec S-03).</summary>
        void SignalNeedsReset();
    }
}
