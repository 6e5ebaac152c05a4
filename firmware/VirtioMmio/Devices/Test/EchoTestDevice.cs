using VirtioMmio.Memory;
using VirtioMmio.Queue;
using VirtioMmio.Transport;

namespace VirtioMmio.Devices.Test
{
    /// <summary>
    /// A trivial, test-only personality for exercising the transport: every request's readable bytes are echoed into
    /// its writable part (used len = the number of bytes copied, exactly). Device ID 0x7FFF: far above every
    /// allocated virtio ID and below the vendor-ish 0xC000 range, so no Linux driver binds to it.
    /// Config space (16 bytes, little-endian):
    ///   0x00 u32 counter  read-only; bumped from the device side by <see cref="ChangeConfig"/> (config interrupts)
    ///   0x04 u32 scratch  read-write by the driver (config-write policy tests)
    ///   0x08 u64 stamp    read-only; low word = counter, high word = ~counter, so a read torn across a change is
    ///                     detectable and the driver must use the ConfigGeneration loop.
    /// </summary>
    public sealed class EchoTestDevice : IVirtioPersonality, IConfigSpaceView
    {
        public const uint TestDeviceId = 0x7FFF;

        /// <summary>Device-type feature bit 0: "echo". Offered so feature-subset rules have a device bit to work on.</summary>
        public const ulong FeatureEcho = 1UL << 0;

        public const int ConfigCounterOffset = 0;
        public const int ConfigScratchOffset = 4;
        public const int ConfigStampOffset = 8;
        public const int ConfigBytes = 16;

        private const int ChunkSize = 64;

        private readonly ushort[] _queueMaxSizes;
        private readonly byte[] _chunk = new byte[ChunkSize];
        private readonly byte[] _config = new byte[ConfigBytes];
        private IDeviceHost? _host;

        /// <param name="queueCount">Number of queues (1 or more).</param>
        /// <param name="maxQueueSize">QueueNumMax of queue 0; queue i has maxQueueSize &lt;&lt; i.</param>
        public EchoTestDevice(int queueCount, ushort maxQueueSize)
        {
            _queueMaxSizes = new ushort[queueCount];
            for (int i = 0; i < queueCount; i++)
            {
                _queueMaxSizes[i] = (ushort)(maxQueueSize << i);
            }

            WriteCounterFields(0);
        }

        public EchoTestDevice()
            : this(2, 16)
        {
        }

        public uint DeviceId
        {
            get { return TestDeviceId; }
        }

        public ulong DeviceFeatures
        {
            get { return FeatureEcho; }
        }

        public int QueueCount
        {
            get { return _queueMaxSizes.Length; }
        }

        public int ConfigSize
        {
            get { return ConfigBytes; }
        }

        /// <summary>Driver features as last accepted (FEATURES_OK or legacy DRIVER_OK); cleared by a virtio reset.</summary>
        public ulong NegotiatedFeatures { get; private set; }

        /// <summary>Requests handled since construction (survives virtio resets: it is "physical" state).</summary>
        public int RequestsHandled { get; private set; }

        /// <summary>Virtio resets seen.</summary>
        public int ResetsSeen { get; private set; }

        /// <summary>If non-zero, the request with this 1-based number signals DEVICE_NEEDS_RESET after echoing.</summary>
        public int FailAtRequest { get; set; }

        /// <summary>Queue index of the last request.</summary>
        public int LastQueue { get; private set; }

        public uint Counter
        {
            get { return LittleEndian.ReadU32(_config, ConfigCounterOffset); }
        }

        public uint Scratch
        {
            get { return LittleEndian.ReadU32(_config, ConfigScratchOffset); }
        }

        public ushort GetQueueMaxSize(int queueIndex)
        {
            return queueIndex >= 0 && queueIndex < _queueMaxSizes.Length ? _queueMaxSizes[queueIndex] : (ushort)0;
        }

        public byte ReadConfigByte(int offset)
        {
            return _config[offset];
        }

        // Config reads are served from this array directly by the transport (it is updated in place, never replaced).
        byte[] IConfigSpaceView.ConfigSpace
        {
            get { return _config; }
        }

        public void WriteConfigByte(int offset, byte value)
        {
            // Only the scratch word is driver-writable.
            if (offset >= ConfigScratchOffset && offset < ConfigScratchOffset + 4)
            {
                _config[offset] = value;
            }
        }

        public void Attach(IDeviceHost host)
        {
            _host = host;
        }

        public void OnFeaturesNegotiated(ulong driverFeatures)
        {
            NegotiatedFeatures = driverFeatures;
        }

        /// <summary>Forgets the session only; config space and counters are device state and stay.</summary>
        public void OnReset()
        {
            NegotiatedFeatures = 0;
            ResetsSeen++;
        }

        public void HandleRequest(int queueIndex, VirtioRequest request)
        {
            LastQueue = queueIndex;
            RequestsHandled++;
            int total = request.ReadableLength < request.WritableLength ? request.ReadableLength : request.WritableLength;
            for (int done = 0; done < total; done += ChunkSize)
            {
                int chunk = total - done < ChunkSize ? total - done : ChunkSize;
                if (!request.ReadBytes(done, _chunk, 0, chunk) || !request.WriteBytes(done, _chunk, 0, chunk))
                {
                    return;
                }
            }

            if (RequestsHandled == FailAtRequest)
            {
                Fail();
            }
        }

        /// <summary>Device-side config change: counter + 1, stamp updated, ConfigGeneration bumped by the transport.</summary>
        public void ChangeConfig()
        {
            WriteCounterFields(Counter + 1);
            IDeviceHost? host = _host;
            if (host != null)
            {
                host.NotifyConfigChanged();
            }
        }

        /// <summary>Unrecoverable device-side error, for tests of DEVICE_NEEDS_RESET.</summary>
        public void Fail()
        {
            IDeviceHost? host = _host;
            if (host != null)
            {
                host.SignalNeedsReset();
            }
        }

        private void WriteCounterFields(uint counter)
        {
            LittleEndian.WriteU32(_config, ConfigCounterOffset, counter);
            LittleEndian.WriteU32(_config, ConfigStampOffset, counter);
            LittleEndian.WriteU32(_config, ConfigStampOffset + 4, ~counter);
        }
    }
}
