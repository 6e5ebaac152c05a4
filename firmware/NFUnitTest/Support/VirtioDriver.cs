using VirtioMmio.Memory;
using VirtioMmio.Transport;

namespace NFUnitTest.Support
{
    /// <summary>
    /// A minimal virtio-mmio driver, the steps Linux takes (virtio_mmio.c, virtio_ring.c), written against the register
    /// offsets and ring layout of the spec (virtio 1.2 §4.2.2, §2.7) rather than the library's constants, so a wrong
    /// constant in the library cannot hide in both places. One split queue, laid out at fixed guest addresses.
    /// </summary>
    public sealed class VirtioDriver
    {
        public const int MagicValue = 0x000;
        public const int Version = 0x004;
        public const int DeviceId = 0x008;
        public const int VendorId = 0x00c;
        public const int DeviceFeatures = 0x010;
        public const int DeviceFeaturesSel = 0x014;
        public const int DriverFeatures = 0x020;
        public const int DriverFeaturesSel = 0x024;
        public const int QueueSel = 0x030;
        public const int QueueNumMax = 0x034;
        public const int QueueNum = 0x038;
        public const int QueueReady = 0x044;
        public const int QueueNotify = 0x050;
        public const int InterruptStatus = 0x060;
        public const int InterruptAck = 0x064;
        public const int Status = 0x070;
        public const int QueueDescLow = 0x080;
        public const int QueueDescHigh = 0x084;
        public const int QueueDriverLow = 0x090;
        public const int QueueDriverHigh = 0x094;
        public const int QueueDeviceLow = 0x0a0;
        public const int QueueDeviceHigh = 0x0a4;
        public const int ConfigGeneration = 0x0fc;
        public const int Config = 0x100;

        public const uint Acknowledge = 1;
        public const uint Driver = 2;
        public const uint DriverOk = 4;
        public const uint FeaturesOk = 8;

        public const ulong Version1 = 1UL << 32;

        /// <summary>Guest memory: [Base, Base + MemorySize). Rings first, then the buffers tests place requests in.</summary>
        public const ulong Base = 0x4000_0000;
        public const int MemorySize = 0x2000;
        public const ulong DescriptorTable = Base;
        public const ulong AvailRing = Base + 0x400;
        public const ulong UsedRing = Base + 0x800;
        public const ulong Buffers = Base + 0x1000;

        private readonly MmioTransport _transport;
        private ushort _queueSize;
        private ushort _availIdx;

        public VirtioDriver(MmioTransport transport)
        {
            _transport = transport;
        }

        public MemoryWindow Memory
        {
            get { return _transport.Memory; }
        }

        public uint Read(int offset)
        {
            uint value;
            _transport.Read(offset, 4, out value);
            return value;
        }

        public MmioAccessResult Write(int offset, uint value)
        {
            return _transport.Write(offset, 4, value);
        }

        /// <summary>Both feature words the device offers.</summary>
        public ulong ReadDeviceFeatures()
        {
            Write(DeviceFeaturesSel, 0);
            ulong low = Read(DeviceFeatures);
            Write(DeviceFeaturesSel, 1);
            ulong high = Read(DeviceFeatures);
            return low | (high << 32);
        }

        /// <summary>reset, ACKNOWLEDGE, DRIVER, write features, FEATURES_OK, re-read: true if the device kept FEATURES_OK.</summary>
        public bool Negotiate(ulong accepted)
        {
            _availIdx = 0;
            Write(Status, 0);
            Write(Status, Acknowledge);
            Write(Status, Acknowledge | Driver);
            Write(DriverFeaturesSel, 0);
            Write(DriverFeatures, (uint)accepted);
            Write(DriverFeaturesSel, 1);
            Write(DriverFeatures, (uint)(accepted >> 32));
            Write(Status, Acknowledge | Driver | FeaturesOk);
            return (Read(Status) & FeaturesOk) != 0;
        }

        /// <summary>Clears the rings and programs queue 0 with <paramref name="size"/> entries, then QueueReady = 1.</summary>
        public void SetUpQueue(ushort size)
        {
            _queueSize = size;
            _availIdx = 0;
            Memory.HostWrite(Base, new byte[0x1000], 0, 0x1000);
            Write(QueueSel, 0);
            Write(QueueNum, size);
            Write(QueueDescLow, (uint)DescriptorTable);
            Write(QueueDescHigh, (uint)(DescriptorTable >> 32));
            Write(QueueDriverLow, (uint)AvailRing);
            Write(QueueDriverHigh, (uint)(AvailRing >> 32));
            Write(QueueDeviceLow, (uint)UsedRing);
            Write(QueueDeviceHigh, (uint)(UsedRing >> 32));
            Write(QueueReady, 1);
        }

        /// <summary>The whole probe: negotiate VERSION_1 plus <paramref name="deviceBits"/>, queue 0, DRIVER_OK.</summary>
        public bool Start(ulong deviceBits, ushort queueSize)
        {
            if (!Negotiate(Version1 | deviceBits))
            {
                return false;
            }

            SetUpQueue(queueSize);
            Write(Status, Acknowledge | Driver | FeaturesOk | DriverOk);
            return Read(Status) == (Acknowledge | Driver | FeaturesOk | DriverOk);
        }

        /// <summary>Writes descriptor <paramref name="index"/>.</summary>
        public void SetDescriptor(int index, ulong address, uint length, bool writable, int next)
        {
            byte[] entry = new byte[16];
            LittleEndian.WriteU64(entry, 0, address);
            LittleEndian.WriteU32(entry, 8, length);
            ushort flags = (ushort)((writable ? 2 : 0) | (next >= 0 ? 1 : 0));
            LittleEndian.WriteU16(entry, 12, flags);
            LittleEndian.WriteU16(entry, 14, (ushort)(next >= 0 ? next : 0));
            Memory.HostWrite(DescriptorTable + (ulong)(index * 16), entry, 0, 16);
        }

        /// <summary>Makes the chain starting at <paramref name="head"/> available and notifies queue 0.</summary>
        public void Submit(ushort head)
        {
            byte[] value = new byte[2];
            LittleEndian.WriteU16(value, 0, head);
            Memory.HostWrite(AvailRing + 4 + (ulong)(2 * (_availIdx % _queueSize)), value, 0, 2);
            _availIdx++;
            LittleEndian.WriteU16(value, 0, _availIdx);
            Memory.HostWrite(AvailRing + 2, value, 0, 2);
            Write(QueueNotify, 0);
        }

        /// <summary>The used ring's idx field.</summary>
        public ushort UsedIndex()
        {
            byte[] value = new byte[2];
            Memory.HostRead(UsedRing + 2, value, 0, 2);
            return LittleEndian.ReadU16(value, 0);
        }

        /// <summary>Used element <paramref name="slot"/>: the chain head id and the written length.</summary>
        public void UsedElement(int slot, out uint id, out uint length)
        {
            byte[] element = new byte[8];
            Memory.HostRead(UsedRing + 4 + (ulong)(8 * slot), element, 0, 8);
            id = LittleEndian.ReadU32(element, 0);
            length = LittleEndian.ReadU32(element, 4);
        }

        /// <summary>Sends one Qualcomm-style message: a single device-readable descriptor, as the clock/regulator drivers do.</summary>
        public void SendMessage(byte[] message)
        {
            Memory.HostWrite(Buffers, message, 0, message.Length);
            SetDescriptor(0, Buffers, (uint)message.Length, false, -1);
            Submit(0);
        }

        /// <summary>Reads back the message buffer (the devices write their reply into it).</summary>
        public byte[] ReadMessage(int length)
        {
            byte[] message = new byte[length];
            Memory.HostRead(Buffers, message, 0, length);
            return message;
        }
    }
}
