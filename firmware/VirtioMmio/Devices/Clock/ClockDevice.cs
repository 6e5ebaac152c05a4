using VirtioMmio.Annotations;
using VirtioMmio.Hardware;
using VirtioMmio.Memory;
using VirtioMmio.Queue;
using VirtioMmio.Transport;

namespace VirtioMmio.Devices.Clock
{
    /// <summary>
    /// virtio-clock personality, wire-compatible with the Qualcomm downstream virtio_clk driver: one queue of
    /// 68-byte <c>virtio_clk_msg</c> requests, the 28-byte <c>virtio_clk_config</c>, features RESET and NAME.
    /// <para>
    /// Reset policy: the clocks and reset lines are physical. A virtio reset forgets the negotiated features only;
    /// rates, gates, parents, memory flags and reset levels stay as they are, and outputs change only when a request
    /// asks for a different state (a request for the current state succeeds without touching the hardware).
    /// </para>
    /// </summary>
    public sealed class ClockDevice : IVirtioPersonality, IConfigSpaceView, IOutputJournal
    {
        private readonly ClockDescriptor[] _clocks;
        private readonly ResetDescriptor[] _resets;
        private readonly byte[][] _clockKeys;
        private readonly byte[][] _resetKeys;
        private readonly uint[] _rate;
        private readonly bool[] _enabled;
        private readonly int[] _parent;
        private readonly uint[] _memoryFlags;
        private readonly bool[] _asserted;
        private readonly byte[] _config = new byte[ClockConfig.Size];
        private readonly MessageExchange _exchange;
        private readonly IClockOutput _clockOutput;
        private readonly IResetLine? _resetLine;
        private readonly ClockDeviceOptions _options;
        private bool _namesNegotiated;
        private bool _resetNegotiated;
        private uint _transitions;

        /// <summary>
        /// Builds the device and drives every output to its start-up state from the descriptors.
        /// Throws ArgumentException for an invalid resource model and InvalidOperationException if the hardware
        /// refuses a start-up state (construction only; requests never throw).
        /// </summary>
        public ClockDevice(ClockDescriptor[] clocks, ResetDescriptor[] resets, ClockDeviceOptions options, IClockOutput clockOutput, IResetLine? resetLine)
        {
            string? error = CheckModel(clocks, resets, options, clockOutput, resetLine);
            if (error != null)
            {
                throw new System.ArgumentException(error);
            }

            _clocks = clocks;
            _resets = resets;
            _options = options;
            _clockOutput = clockOutput;
            _resetLine = resetLine;
            _exchange = new MessageExchange(ClockMessage.Size, ClockMessage.ResultOffset, options.WriteBack);

            _clockKeys = new byte[clocks.Length][];
            _rate = new uint[clocks.Length];
            _enabled = new bool[clocks.Length];
            _parent = new int[clocks.Length];
            _memoryFlags = new uint[clocks.Length];
            for (int i = 0; i < clocks.Length; i++)
            {
                _clockKeys[i] = WireName.Encode(clocks[i].Name, ClockMessage.NameLength);
            }

            _resetKeys = new byte[resets.Length][];
            _asserted = new bool[resets.Length];
            for (int i = 0; i < resets.Length; i++)
            {
                _resetKeys[i] = WireName.Encode(resets[i].Name, ClockMessage.NameLength);
            }

            BuildConfig();
            ApplyStartupState();
        }

        public uint DeviceId
        {
            get { return _options.DeviceId; }
        }

        public ulong DeviceFeatures
        {
            get { return (_options.OfferReset ? ClockFeatures.Reset : 0) | (_options.OfferName ? ClockFeatures.Name : 0); }
        }

        public int QueueCount
        {
            get { return 1; }
        }

        public int ConfigSize
        {
            get { return ClockConfig.Size; }
        }

        /// <summary>Physical transitions commanded since construction, start-up state included.</summary>
        public uint OutputTransitions
        {
            get { return _transitions; }
        }

        public int ClockCount
        {
            get { return _clocks.Length; }
        }

        public int ResetCount
        {
            get { return _resets.Length; }
        }

        /// <summary>Rate of clock <paramref name="index"/> (descriptor order), Hz.</summary>
        public uint RateOf(int index)
        {
            return _rate[index];
        }

        public bool IsEnabled(int index)
        {
            return _enabled[index];
        }

        public int ParentOf(int index)
        {
            return _parent[index];
        }

        public uint MemoryFlagsOf(int index)
        {
            return _memoryFlags[index];
        }

        /// <summary>Level of reset <paramref name="index"/> (descriptor order).</summary>
        public bool IsAsserted(int index)
        {
            return _asserted[index];
        }

        public ushort GetQueueMaxSize(int queueIndex)
        {
            return queueIndex == 0 ? _options.QueueMaxSize : (ushort)0;
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
            // The whole config is read-only.
        }

        public void Attach(IDeviceHost host)
        {
            // The config never changes, so the device has nothing to signal.
        }

        public void OnFeaturesNegotiated(ulong driverFeatures)
        {
            _namesNegotiated = (driverFeatures & ClockFeatures.Name) != 0;
            _resetNegotiated = (driverFeatures & ClockFeatures.Reset) != 0;
        }

        public void OnReset()
        {
            // Per-session protocol state only: outputs keep running through a virtio reset (see class comment).
            _namesNegotiated = false;
            _resetNegotiated = false;
        }

        public void HandleRequest(int queueIndex, VirtioRequest request)
        {
            if (queueIndex != 0 || !_exchange.TryReceive(request))
            {
                return;
            }

            byte[] message = _exchange.Message;
            uint id = LittleEndian.ReadU32(message, ClockMessage.IdOffset);
            uint type = LittleEndian.ReadU32(message, ClockMessage.TypeOffset);
            uint data0 = LittleEndian.ReadU32(message, ClockMessage.Data0Offset);
            uint reply;
            uint result = Execute(message, id, type, data0, out reply);
            _exchange.Reply(request, result, reply);
        }

        private uint Execute(byte[] message, uint id, uint type, uint data0, out uint reply)
        {
            reply = 0;
            if (type == ClockRequestType.Reset)
            {
                return ResetLine(message, id, data0, out reply);
            }

            if (!IsClockType(type))
            {
                return LinuxErrno.NotSupported;
            }

            int i = FindClock(message, id);
            if (i < 0)
            {
                return LinuxErrno.NoEntry;
            }

            ClockDescriptor clock = _clocks[i];
            uint rate;
            switch (type)
            {
                case ClockRequestType.Enable:
                    return SetGate(i, true);

                case ClockRequestType.Disable:
                    return SetGate(i, false);

                case ClockRequestType.GetRate:
                    reply = _rate[i];
                    return LinuxErrno.Success;

                case ClockRequestType.RoundRate:
                    if (!clock.TryRoundRate(data0, out rate))
                    {
                        return LinuxErrno.InvalidArgument;
                    }

                    reply = rate;
                    return LinuxErrno.Success;

                case ClockRequestType.SetRate:
                    if (!clock.TryRoundRate(data0, out rate))
                    {
                        return LinuxErrno.InvalidArgument;
                    }

                    if (rate != _rate[i])
                    {
                        if (!_clockOutput.SetRate(clock.Output, rate))
                        {
                            return LinuxErrno.IoError;
                        }

                        _rate[i] = rate;
                        _transitions++;
                    }

                    reply = rate;
                    return LinuxErrno.Success;

                case ClockRequestType.SetParent:
                    if (data0 >= (uint)clock.ParentNames.Length)
                    {
                        return LinuxErrno.InvalidArgument;
                    }

                    if ((int)data0 != _parent[i])
                    {
                        if (!_clockOutput.SetParent(clock.Output, (int)data0))
                        {
                            return LinuxErrno.IoError;
                        }

                        _parent[i] = (int)data0;
                        _transitions++;
                    }

                    reply = data0;
                    return LinuxErrno.Success;

                default: // SetFlags
                    uint flags;
                    if (!ClockMemoryFlags.TryApply(_memoryFlags[i], data0, out flags))
                    {
                        return LinuxErrno.InvalidArgument;
                    }

                    if (flags != _memoryFlags[i])
                    {
                        if (!_clockOutput.SetMemoryFlags(clock.Output, flags))
                        {
                            return LinuxErrno.IoError;
                        }

                        _memoryFlags[i] = flags;
                        _transitions++;
                    }

                    reply = flags;
                    return LinuxErrno.Success;
            }
        }

        private uint SetGate(int i, bool enabled)
        {
            if (_enabled[i] == enabled)
            {
                return LinuxErrno.Success;
            }

            if (!_clockOutput.SetEnabled(_clocks[i].Output, enabled))
            {
                return LinuxErrno.IoError;
            }

            _enabled[i] = enabled;
            _transitions++;
            return LinuxErrno.Success;
        }

        private uint ResetLine(byte[] message, uint id, uint data0, out uint reply)
        {
            reply = 0;
            if (!_resetNegotiated || _resetLine == null)
            {
                return LinuxErrno.NotSupported;
            }

            int i = FindReset(message, id);
            if (i < 0)
            {
                return LinuxErrno.NoEntry;
            }

            if (data0 > 1)
            {
                return LinuxErrno.InvalidArgument;
            }

            bool assert = data0 == 1;
            if (_asserted[i] != assert)
            {
                if (!_resetLine.SetAsserted(_resets[i].Line, assert))
                {
                    return LinuxErrno.IoError;
                }

                _asserted[i] = assert;
                _transitions++;
            }

            reply = data0;
            return LinuxErrno.Success;
        }

        private static bool IsClockType(uint type)
        {
            return type <= ClockRequestType.RoundRate || type == ClockRequestType.SetFlags || type == ClockRequestType.SetParent;
        }

        // By id; with VIRTIO_CLK_F_NAME negotiated a non-empty name must also be that clock's name.
        // Without it the driver sends "virtio_<instance>_<id>", which carries nothing the id does not.
        private int FindClock(byte[] message, uint id)
        {
            for (int i = 0; i < _clocks.Length; i++)
            {
                if (_clocks[i].Id == id)
                {
                    return NameAgrees(message, _clockKeys[i]) ? i : -1;
                }
            }

            return -1;
        }

        private int FindReset(byte[] message, uint id)
        {
            for (int i = 0; i < _resets.Length; i++)
            {
                if (_resets[i].Id == id)
                {
                    return NameAgrees(message, _resetKeys[i]) ? i : -1;
                }
            }

            return -1;
        }

        private bool NameAgrees(byte[] message, byte[] key)
        {
            return !_namesNegotiated
                || WireName.IsEmpty(message, ClockMessage.NameOffset)
                || WireName.Matches(message, ClockMessage.NameOffset, key);
        }

        // num_clks/num_resets cover the highest id: without F_NAME the guest numbers clocks 0..num_clks-1.
        [NoirqExempt("Construction: builds the fixed config once")]
        private void BuildConfig()
        {
            LittleEndian.WriteU32(_config, ClockConfig.NumClocksOffset, CountFor(_clocks));
            LittleEndian.WriteU32(_config, ClockConfig.NumResetsOffset, _options.OfferReset ? CountFor(_resets) : 0);
            byte[] name = WireName.Encode(_options.ConfigName, ClockConfig.NameLength);
            System.Array.Copy(name, 0, _config, ClockConfig.NameOffset, name.Length);
        }

        private static uint CountFor(ClockDescriptor[] clocks)
        {
            uint count = 0;
            for (int i = 0; i < clocks.Length; i++)
            {
                if (clocks[i].Id + 1 > count)
                {
                    count = clocks[i].Id + 1;
                }
            }

            return count;
        }

        private static uint CountFor(ResetDescriptor[] resets)
        {
            uint count = 0;
            for (int i = 0; i < resets.Length; i++)
            {
                if (resets[i].Id + 1 > count)
                {
                    count = resets[i].Id + 1;
                }
            }

            return count;
        }

        [NoirqExempt("Construction: drives outputs to their start-up state once")]
        private void ApplyStartupState()
        {
            for (int i = 0; i < _clocks.Length; i++)
            {
                ClockDescriptor clock = _clocks[i];
                Startup(_clockOutput.SetRate(clock.Output, clock.InitialRateHz), clock.Name);
                _rate[i] = clock.InitialRateHz;
                if (clock.ParentNames.Length > 0)
                {
                    Startup(_clockOutput.SetParent(clock.Output, clock.InitialParent), clock.Name);
                    _parent[i] = clock.InitialParent;
                }

                Startup(_clockOutput.SetMemoryFlags(clock.Output, clock.InitialMemoryFlags), clock.Name);
                _memoryFlags[i] = clock.InitialMemoryFlags;
                Startup(_clockOutput.SetEnabled(clock.Output, clock.InitiallyEnabled), clock.Name);
                _enabled[i] = clock.InitiallyEnabled;
            }

            for (int i = 0; i < _resets.Length; i++)
            {
                Startup(_resetLine!.SetAsserted(_resets[i].Line, _resets[i].InitiallyAsserted), _resets[i].Name);
                _asserted[i] = _resets[i].InitiallyAsserted;
            }
        }

        [NoirqExempt("Construction: reports a refused start-up state")]
        private void Startup(bool accepted, string name)
        {
            if (!accepted)
            {
                throw new System.InvalidOperationException("hardware refused the start-up state of " + name);
            }

            _transitions++;
        }

        [NoirqExempt("Construction: validates the resource model")]
        private static string? CheckModel(ClockDescriptor[] clocks, ResetDescriptor[] resets, ClockDeviceOptions options, IClockOutput clockOutput, IResetLine? resetLine)
        {
            if (clocks == null || resets == null || options == null || clockOutput == null)
            {
                return "clocks, resets, options and clock output are required";
            }

            if (resets.Length > 0 && resetLine == null)
            {
                return "resets need a reset line implementation";
            }

            if (options.DeviceId != ClockDeviceOptions.ModernDeviceId && options.DeviceId != ClockDeviceOptions.LegacyDeviceId)
            {
                return "clock device id must be 0xC000 or 30";
            }

            if (!IsQueueSize(options.QueueMaxSize))
            {
                return "queue size must be a power of two in 1..32768";
            }

            if (options.ConfigName == null || options.ConfigName.Length >= ClockConfig.NameLength || !WireName.IsPrintableAscii(options.ConfigName))
            {
                return "config name must be printable ASCII of at most 19 characters";
            }

            if (options.OfferName && options.ConfigName.Length == 0)
            {
                return "VIRTIO_CLK_F_NAME needs a config name the guest knows";
            }

            for (int i = 0; i < clocks.Length; i++)
            {
                if (clocks[i] == null)
                {
                    return "clock descriptor is null";
                }

                string? error = clocks[i].Validate();
                if (error != null)
                {
                    return error;
                }

                if (clocks[i].Id == uint.MaxValue)
                {
                    return "clock id must be below 2^32-1"; // num_clks = highest id + 1 must fit
                }

                for (int j = 0; j < i; j++)
                {
                    if (clocks[j].Id == clocks[i].Id)
                    {
                        return "two clocks have the same id";
                    }

                    if (clocks[j].Output == clocks[i].Output)
                    {
                        return "two clocks drive the same output";
                    }

                    if (WireName.SameKey(WireName.Encode(clocks[j].Name, ClockMessage.NameLength), WireName.Encode(clocks[i].Name, ClockMessage.NameLength)))
                    {
                        return "two clocks have the same name (first 39 characters)";
                    }
                }
            }

            for (int i = 0; i < resets.Length; i++)
            {
                if (resets[i] == null)
                {
                    return "reset descriptor is null";
                }

                string? error = resets[i].Validate();
                if (error != null)
                {
                    return error;
                }

                if (resets[i].Id == uint.MaxValue)
                {
                    return "reset id must be below 2^32-1";
                }

                for (int j = 0; j < i; j++)
                {
                    if (resets[j].Id == resets[i].Id)
                    {
                        return "two resets have the same id";
                    }

                    if (resets[j].Line == resets[i].Line)
                    {
                        return "two resets drive the same line";
                    }
                }
            }

            return null;
        }

        private static bool IsQueueSize(ushort size)
        {
            return size != 0 && size <= 32768 && (size & (size - 1)) == 0;
        }
    }
}
