using VirtioMmio.Bridge;
using VirtioMmio.Devices.Test;
using VirtioMmio.Hardware;
using VirtioMmio.Memory;
using VirtioMmio.Transport;

namespace VirtioMmio.App
{
    /// <summary>
    /// The devices one board (or the emulator) exposes: up to <see cref="BridgeProtocol.MaxSlots"/> virtio-mmio
    /// slots, each a transport over its own personality, all DMA-ing into ONE shared memory window, the way several
    /// virtio-mmio devices share a guest's RAM. Slots are added once at start-up; afterwards nothing allocates.
    /// </summary>
    public sealed class DeviceSet
    {
        private readonly MmioTransport[] _transports;
        private readonly string[] _kinds;
        private readonly byte[][] _kindAscii;
        private readonly SlotInterruptLine[] _lines;
        private int _count;

        public DeviceSet(MemoryWindow memory, int capacity)
        {
            if (capacity < 1 || capacity > BridgeProtocol.MaxSlots)
            {
                throw new System.ArgumentOutOfRangeException("capacity");
            }

            Memory = memory;
            Interrupts = new InterruptLevels();
            _transports = new MmioTransport[capacity];
            _kinds = new string[capacity];
            _kindAscii = new byte[capacity][];
            _lines = new SlotInterruptLine[capacity];
        }

        /// <summary>The memory window every slot shares.</summary>
        public MemoryWindow Memory { get; }

        /// <summary>Interrupt-line levels of all slots.</summary>
        public InterruptLevels Interrupts { get; }

        public int SlotCount
        {
            get { return _count; }
        }

        /// <summary>
        /// Adds the next slot (start-up only). <paramref name="kind"/> is the short ASCII name the host asks for
        /// ("clock", "regulator", "test-1q", ...). Returns the slot number.
        /// </summary>
        public int AddSlot(string kind, IVirtioPersonality device, TransportOptions options)
        {
            if (_count >= _transports.Length)
            {
                throw new System.InvalidOperationException("no free slot");
            }

            if (kind == null || kind.Length == 0 || kind.Length > 255)
            {
                throw new System.ArgumentException("kind");
            }

            int slot = _count;
            MmioTransport transport = new MmioTransport(device, Memory, options);
            SlotInterruptLine line = new SlotInterruptLine(Interrupts, slot);
            transport.InterruptSink = line;
            _transports[slot] = transport;
            _lines[slot] = line;
            _kinds[slot] = kind;
            _kindAscii[slot] = ToAscii(kind);
            _count++;
            return slot;
        }

        public MmioTransport GetTransport(int slot)
        {
            return _transports[slot];
        }

        public string GetKind(int slot)
        {
            return _kinds[slot];
        }

        /// <summary>The kind as ASCII bytes, prepared once for the bridge's information block.</summary>
        public byte[] GetKindAscii(int slot)
        {
            return _kindAscii[slot];
        }

        /// <summary>The interrupt line of a slot, e.g. to chain a GPIO behind it.</summary>
        public SlotInterruptLine GetInterruptLine(int slot)
        {
            return _lines[slot];
        }

        /// <summary>Physical output transitions of a slot's personality (0 if it drives no outputs).</summary>
        public uint GetOutputTransitions(int slot)
        {
            IOutputJournal? journal = _transports[slot].Device as IOutputJournal;
            return journal == null ? 0 : journal.OutputTransitions;
        }

        /// <summary>
        /// Test stimulus: makes a slot's device change its config space on its own, as a device-side event would.
        /// Only the echo test device supports it; returns false for every other device.
        /// </summary>
        public bool TryChangeConfig(int slot)
        {
            EchoTestDevice? echo = _transports[slot].Device as EchoTestDevice;
            if (echo == null)
            {
                return false;
            }

            echo.ChangeConfig();
            return true;
        }

        public bool IsValidSlot(int slot)
        {
            return slot >= 0 && slot < _count;
        }

        /// <summary>Converts a construction-time string to ASCII ('?' for anything else).</summary>
        public static byte[] ToAscii(string text)
        {
            byte[] bytes = new byte[text.Length];
            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                bytes[i] = c >= ' ' && c < (char)0x7F ? (byte)c : (byte)'?';
            }

            return bytes;
        }
    }
}
