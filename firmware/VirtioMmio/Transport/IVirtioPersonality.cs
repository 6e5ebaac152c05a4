namespace VirtioMmio.Transport
{
    /// <summary>
    /// What a concrete virtio device (clock, regulator, test device) supplies to the transport.
    /// The transport owns the register file, the status state machine and the queues; the personality owns
    /// the device type, its config space and the meaning of a request.
    /// Every member is called synchronously from inside a register access and must not block or allocate.
    /// </summary>
    public interface IVirtioPersonality
    {
        /// <summary>Virtio device ID reported at 0x008 (never 0).</summary>
        uint DeviceId { get; }

        /// <summary>
        /// Device-type feature bits only (bits 0-23 and 50-63). The transport adds VERSION_1 and the ring features it
        /// implements (INDIRECT_DESC, EVENT_IDX, ...) according to its options.
        /// </summary>
        ulong DeviceFeatures { get; }

        /// <summary>Number of virtqueues (fixed for the device's lifetime).</summary>
        int QueueCount { get; }

        /// <summary>QueueNumMax of queue <paramref name="queueIndex"/>: a power of two, fixed for the device's lifetime.</summary>
        ushort GetQueueMaxSize(int queueIndex);

        /// <summary>Size in bytes of the device-specific config space at 0x100 (0 if none).</summary>
        int ConfigSize { get; }

        /// <summary>Reads one config byte; <paramref name="offset"/> is already bounds-checked.</summary>
        byte ReadConfigByte(int offset);

        /// <summary>Writes one config byte; <paramref name="offset"/> is already bounds-checked. Read-only fields ignore it.</summary>
        void WriteConfigByte(int offset, byte value);

        /// <summary>Called once by the transport constructor, so the device can signal config changes.</summary>
        void Attach(IDeviceHost host);

        /// <summary>FEATURES_OK was accepted with these driver features (both words).</summary>
        void OnFeaturesNegotiated(ulong driverFeatures);

        /// <summary>
        /// Virtio device reset (Status written 0, or the transport's own reset). Forget per-session protocol state
        /// only: physical outputs (clock rates, regulator enables) MUST NOT change here.
        /// </summary>
        void OnReset();

        /// <summary>
        /// Handles one request (one descriptor chain) from queue <paramref name="queueIndex"/>, synchronously.
        /// The used length reported to the driver is <see cref="VirtioMmio.Queue.VirtioRequest.BytesWritten"/>.
        /// </summary>
        void HandleRequest(int queueIndex, VirtioMmio.Queue.VirtioRequest request);
    }
}
