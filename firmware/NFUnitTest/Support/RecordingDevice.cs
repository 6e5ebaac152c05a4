using VirtioMmio.Queue;
using VirtioMmio.Transport;

namespace NFUnitTest.Support
{
    /// <summary>
    /// A test personality that records what the transport tells it. A request's first readable u32 comes back plus one
    /// in the writable part, so a test can see that the request really went through the queue.
    /// </summary>
    public sealed class RecordingDevice : IVirtioPersonality
    {
        public const uint Id = 0x2A;
        public const ulong FeatureA = 1UL << 0;
        public const ulong FeatureB = 1UL << 5;

        private readonly byte[] _config = new byte[] { 0x11, 0x22, 0x33, 0x44 };
        private readonly byte[] _scratch = new byte[4];

        public uint DeviceId
        {
            get { return Id; }
        }

        public ulong DeviceFeatures
        {
            get { return FeatureA | FeatureB; }
        }

        public int QueueCount
        {
            get { return 1; }
        }

        public int ConfigSize
        {
            get { return _config.Length; }
        }

        public IDeviceHost? Host { get; private set; }

        public ulong Negotiated { get; private set; }

        public int FeatureNegotiations { get; private set; }

        public int Resets { get; private set; }

        public int Requests { get; private set; }

        public ushort GetQueueMaxSize(int queueIndex)
        {
            return 8;
        }

        public byte ReadConfigByte(int offset)
        {
            return _config[offset];
        }

        public void WriteConfigByte(int offset, byte value)
        {
            _config[offset] = value;
        }

        public void Attach(IDeviceHost host)
        {
            Host = host;
        }

        public void OnFeaturesNegotiated(ulong driverFeatures)
        {
            Negotiated = driverFeatures;
            FeatureNegotiations++;
        }

        public void OnReset()
        {
            Resets++;
        }

        public void HandleRequest(int queueIndex, VirtioRequest request)
        {
            Requests++;
            if (request.ReadBytes(0, _scratch, 0, 4))
            {
                uint value = VirtioMmio.Memory.LittleEndian.ReadU32(_scratch, 0) + 1;
                VirtioMmio.Memory.LittleEndian.WriteU32(_scratch, 0, value);
                request.WriteBytes(0, _scratch, 0, 4);
            }
        }
    }
}
