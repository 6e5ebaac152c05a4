using VirtioMmio.Memory;

namespace VirtioMmio.Transport
{
    /// <summary>
    /// The virtio-mmio register file (Version 2, optionally legacy Version 1) of one device.
    /// Every access completes synchronously inside the call: reset, FEATURES_OK, QueueReady and request
    /// processing (QueueNotify) never defer work. No allocation after construction.
    /// CONTRACT STUB: the implementation lands with the device-core issue; signatures are fixed.
    /// </summary>
    public sealed class MmioTransport : IDeviceHost
    {
        public MmioTransport(IVirtioPersonality device, MemoryWindow memory, TransportOptions options)
        {
            Device = device;
            Memory = memory;
            Options = options;
            device.Attach(this);
        }

        public IVirtioPersonality Device { get; }

        public MemoryWindow Memory { get; }

        public TransportOptions Options { get; }

        /// <summary>Current Status register value.</summary>
        public uint Status { get; private set; }

        /// <summary>Current InterruptStatus register value.</summary>
        public uint InterruptStatus { get; private set; }

        /// <summary>Level of the interrupt line: asserted while InterruptStatus != 0.</summary>
        public bool InterruptLine
        {
            get { return InterruptStatus != 0; }
        }

        /// <summary>Requests completed (used elements published) since construction; survives resets.</summary>
        public uint RequestsCompleted { get; private set; }

        /// <summary>QueueNotify writes accepted since construction; survives resets.</summary>
        public uint Notifies { get; private set; }

        /// <summary>Device resets (Status written 0) since construction.</summary>
        public uint Resets { get; private set; }

        /// <summary>Optional receiver of interrupt-line level changes.</summary>
        public IInterruptLine? InterruptSink { get; set; }

        /// <summary>
        /// Register read of <paramref name="width"/> bytes (1, 2 or 4) at <paramref name="offset"/>.
        /// <paramref name="value"/> follows docs/register-policy.md even when the result is not Ok.
        /// </summary>
        public MmioAccessResult Read(int offset, int width, out uint value)
        {
            throw new System.NotImplementedException();
        }

        /// <summary>Register write of <paramref name="width"/> bytes (1, 2 or 4) at <paramref name="offset"/>.</summary>
        public MmioAccessResult Write(int offset, int width, uint value)
        {
            throw new System.NotImplementedException();
        }

        public void NotifyConfigChanged()
        {
            throw new System.NotImplementedException();
        }

        public void SignalNeedsReset()
        {
            throw new System.NotImplementedException();
        }
    }
}
