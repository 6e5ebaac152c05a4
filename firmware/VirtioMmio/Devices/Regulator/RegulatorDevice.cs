using VirtioMmio.Annotations;
using VirtioMmio.Hardware;
using VirtioMmio.Memory;
using VirtioMmio.Queue;
using VirtioMmio.Transport;

namespace VirtioMmio.Devices.Regulator
{
    /// <summary>
    /// virtio-regulator personality, wire-compatible with the Qualcomm downstream virtio_regulator driver: one queue
    /// of 44-byte <c>virtio_regulator_msg</c> requests, no device features, no config space.
    /// <para>
    /// Reset policy: the regulators are physical. A virtio reset changes nothing (there is no per-session state);
    /// outputs change only when a request asks for a different state (a request for the current state succeeds
    /// without touching the hardware). Enable is a state, not a reference count, so the driver's cached enable
    /// flags, which it does not replay after restore, stay true.
    /// </para>
    /// </summary>
    public sealed class RegulatorDevice : IVirtioPersonality, IOutputJournal
    {
        private readonly RegulatorDescriptor[] _regulators;
        private readonly byte[][] _keys;
        private readonly bool[] _enabled;
        private readonly uint[] _microvolts;
        private readonly uint[] _currentLimit;
        private readonly uint[] _mode;
        private readonly uint[] _load;
        private readonly MessageExchange _exchange;
        private readonly IRegulatorOutput _output;
        private readonly RegulatorDeviceOptions _options;
        private uint _transitions;

        /// <summary>
        /// Builds the device and drives every output to its start-up state from the descriptors.
        /// Throws ArgumentException for an invalid resource model and InvalidOperationException if the hardware
        /// refuses a start-up state (construction only; requests never throw).
        /// </summary>
        public RegulatorDevice(RegulatorDescriptor[] regulators, RegulatorDeviceOptions options, IRegulatorOutput output)
        {
            string? error = CheckModel(regulators, options, output);
            if (error != null)
            {
                throw new System.ArgumentException(error);
            }

            _regulators = regulators;
            _options = options;
            _output = output;
            _exchange = new MessageExchange(RegulatorMessage.Size, RegulatorMessage.ResultOffset, options.WriteBack);
            _keys = new byte[regulators.Length][];
            _enabled = new bool[regulators.Length];
            _microvolts = new uint[regulators.Length];
            _currentLimit = new uint[regulators.Length];
            _mode = new uint[regulators.Length];
            _load = new uint[regulators.Length];
            for (int i = 0; i < regulators.Length; i++)
            {
                _keys[i] = WireName.Encode(regulators[i].Name, RegulatorMessage.NameLength);
            }

            ApplyStartupState();
        }

        public uint DeviceId
        {
            get { return _options.DeviceId; }
        }

        public ulong DeviceFeatures
        {
            get { return 0; }
        }

        public int QueueCount
        {
            get { return 1; }
        }

        public int ConfigSize
        {
            get { return 0; }
        }

        /// <summary>Physical transitions commanded since construction, start-up state included.</summary>
        public uint OutputTransitions
        {
            get { return _transitions; }
        }

        public int RegulatorCount
        {
            get { return _regulators.Length; }
        }

        /// <summary>The resource description of regulator <paramref name="index"/> (what a board's device tree describes).</summary>
        public RegulatorDescriptor GetDescriptor(int index)
        {
            return _regulators[index];
        }

        /// <summary>State of regulator <paramref name="index"/> (descriptor order).</summary>
        public bool IsEnabled(int index)
        {
            return _enabled[index];
        }

        public uint MicrovoltsOf(int index)
        {
            return _microvolts[index];
        }

        public uint CurrentLimitOf(int index)
        {
            return _currentLimit[index];
        }

        public uint ModeOf(int index)
        {
            return _mode[index];
        }

        /// <summary>Last load accepted by SET_LOAD, µA (0 until the first).</summary>
        public uint LoadOf(int index)
        {
            return _load[index];
        }

        public ushort GetQueueMaxSize(int queueIndex)
        {
            return queueIndex == 0 ? _options.QueueMaxSize : (ushort)0;
        }

        public byte ReadConfigByte(int offset)
        {
            return 0; // No config space; the transport never calls this with ConfigSize 0.
        }

        public void WriteConfigByte(int offset, byte value)
        {
        }

        public void Attach(IDeviceHost host)
        {
        }

        public void OnFeaturesNegotiated(ulong driverFeatures)
        {
        }

        public void OnReset()
        {
            // Nothing to forget, and outputs keep running (see class comment).
        }

        public void HandleRequest(int queueIndex, VirtioRequest request)
        {
            if (queueIndex != 0 || !_exchange.TryReceive(request))
            {
                return;
            }

            byte[] message = _exchange.Message;
            uint type = LittleEndian.ReadU32(message, RegulatorMessage.TypeOffset);
            uint data0 = LittleEndian.ReadU32(message, RegulatorMessage.Data0Offset);
            uint data1 = LittleEndian.ReadU32(message, RegulatorMessage.Data1Offset);
            uint reply;
            uint result = Execute(message, type, data0, data1, out reply);
            _exchange.Reply(request, result, reply);
        }

        private uint Execute(byte[] message, uint type, uint data0, uint data1, out uint reply)
        {
            reply = 0;
            if (type > RegulatorRequestType.Last)
            {
                return LinuxErrno.NotSupported;
            }

            int i = Find(message);
            if (i < 0)
            {
                return LinuxErrno.NoEntry;
            }

            RegulatorDescriptor regulator = _regulators[i];
            switch (type)
            {
                case RegulatorRequestType.Enable:
                    return SetEnabled(i, true);

                case RegulatorRequestType.Disable:
                    return SetEnabled(i, false);

                case RegulatorRequestType.SetVoltage:
                    return SetVoltage(i, data0, data1, out reply);

                case RegulatorRequestType.GetVoltage:
                    if (regulator.IsSwitch)
                    {
                        return LinuxErrno.NotSupported;
                    }

                    reply = _microvolts[i] / 1000;
                    return LinuxErrno.Success;

                case RegulatorRequestType.SetCurrentLimit:
                    return SetCurrentLimit(i, data0, data1, out reply);

                case RegulatorRequestType.GetCurrentLimit:
                    if (!regulator.HasCurrentLimit)
                    {
                        return LinuxErrno.NotSupported;
                    }

                    reply = _currentLimit[i];
                    return LinuxErrno.Success;

                case RegulatorRequestType.SetMode:
                    return SetMode(i, data0, out reply);

                case RegulatorRequestType.GetMode:
                    reply = _mode[i];
                    return LinuxErrno.Success;

                default: // SetLoad
                    if (regulator.MaxLoadMicroamps != 0 && data0 > regulator.MaxLoadMicroamps)
                    {
                        return LinuxErrno.InvalidArgument;
                    }

                    _load[i] = data0;
                    reply = data0;
                    return LinuxErrno.Success;
            }
        }

        private uint SetEnabled(int i, bool enabled)
        {
            if (_enabled[i] == enabled)
            {
                return LinuxErrno.Success;
            }

            RegulatorDescriptor regulator = _regulators[i];
            if (!_output.SetEnabled(regulator.Output, enabled, regulator.SettleMicroseconds))
            {
                return LinuxErrno.IoError;
            }

            _enabled[i] = enabled;
            _transitions++;
            return LinuxErrno.Success;
        }

        // The driver sends ceil(min_uV/1000) and floor(max_uV/1000), so for an exact voltage that is not a whole mV
        // data[0] = data[1] + 1: the guest's window then lies strictly between the two, and the device selects from
        // [data[1], data[0]] mV. Anything further apart is an inverted window.
        private uint SetVoltage(int i, uint minMillivolts, uint maxMillivolts, out uint reply)
        {
            reply = 0;
            RegulatorDescriptor regulator = _regulators[i];
            if (regulator.IsSwitch)
            {
                return LinuxErrno.NotSupported;
            }

            if (minMillivolts > maxMillivolts && minMillivolts - maxMillivolts > 1)
            {
                return LinuxErrno.InvalidArgument;
            }

            ulong low = (ulong)(minMillivolts < maxMillivolts ? minMillivolts : maxMillivolts) * 1000;
            ulong high = (ulong)(minMillivolts < maxMillivolts ? maxMillivolts : minMillivolts) * 1000;
            uint microvolts;
            if (!regulator.TrySelectVoltage(low, high, out microvolts))
            {
                return LinuxErrno.InvalidArgument;
            }

            if (microvolts != _microvolts[i])
            {
                if (!_output.SetVoltage(regulator.Output, microvolts, regulator.SettleMicroseconds))
                {
                    return LinuxErrno.IoError;
                }

                _microvolts[i] = microvolts;
                _transitions++;
            }

            reply = microvolts / 1000;
            return LinuxErrno.Success;
        }

        private uint SetCurrentLimit(int i, uint minMicroamps, uint maxMicroamps, out uint reply)
        {
            reply = 0;
            RegulatorDescriptor regulator = _regulators[i];
            if (!regulator.HasCurrentLimit)
            {
                return LinuxErrno.NotSupported;
            }

            uint microamps;
            if (minMicroamps > maxMicroamps || !regulator.TrySelectCurrentLimit(minMicroamps, maxMicroamps, out microamps))
            {
                return LinuxErrno.InvalidArgument;
            }

            if (microamps != _currentLimit[i])
            {
                if (!_output.SetCurrentLimit(regulator.Output, microamps))
                {
                    return LinuxErrno.IoError;
                }

                _currentLimit[i] = microamps;
                _transitions++;
            }

            reply = microamps;
            return LinuxErrno.Success;
        }

        private uint SetMode(int i, uint mode, out uint reply)
        {
            reply = 0;
            RegulatorDescriptor regulator = _regulators[i];
            if (!RegulatorModes.IsSingleMode(mode) || (mode & regulator.AllowedModes) == 0)
            {
                return LinuxErrno.InvalidArgument;
            }

            if (mode != _mode[i])
            {
                if (!_output.SetMode(regulator.Output, mode))
                {
                    return LinuxErrno.IoError;
                }

                _mode[i] = mode;
                _transitions++;
            }

            reply = mode;
            return LinuxErrno.Success;
        }

        private int Find(byte[] message)
        {
            for (int i = 0; i < _keys.Length; i++)
            {
                if (WireName.Matches(message, RegulatorMessage.NameOffset, _keys[i]))
                {
                    return i;
                }
            }

            return -1;
        }

        [NoirqExempt("Construction: drives outputs to their start-up state once")]
        private void ApplyStartupState()
        {
            for (int i = 0; i < _regulators.Length; i++)
            {
                RegulatorDescriptor regulator = _regulators[i];
                if (!regulator.IsSwitch)
                {
                    Startup(_output.SetVoltage(regulator.Output, regulator.InitialMicrovolts, regulator.SettleMicroseconds), regulator.Name);
                    _microvolts[i] = regulator.InitialMicrovolts;
                }

                if (regulator.HasCurrentLimit)
                {
                    Startup(_output.SetCurrentLimit(regulator.Output, regulator.InitialCurrentLimitMicroamps), regulator.Name);
                    _currentLimit[i] = regulator.InitialCurrentLimitMicroamps;
                }

                Startup(_output.SetMode(regulator.Output, regulator.InitialMode), regulator.Name);
                _mode[i] = regulator.InitialMode;
                Startup(_output.SetEnabled(regulator.Output, regulator.InitiallyEnabled, regulator.SettleMicroseconds), regulator.Name);
                _enabled[i] = regulator.InitiallyEnabled;
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
        private static string? CheckModel(RegulatorDescriptor[] regulators, RegulatorDeviceOptions options, IRegulatorOutput output)
        {
            if (regulators == null || options == null || output == null)
            {
                return "regulators, options and regulator output are required";
            }

            if (options.DeviceId != RegulatorDeviceOptions.ModernDeviceId && options.DeviceId != RegulatorDeviceOptions.LegacyDeviceId)
            {
                return "regulator device id must be 0xC001 or 31";
            }

            ushort size = options.QueueMaxSize;
            if (size == 0 || size > 32768 || (size & (size - 1)) != 0)
            {
                return "queue size must be a power of two in 1..32768";
            }

            for (int i = 0; i < regulators.Length; i++)
            {
                if (regulators[i] == null)
                {
                    return "regulator descriptor is null";
                }

                string? error = regulators[i].Validate();
                if (error != null)
                {
                    return error;
                }

                for (int j = 0; j < i; j++)
                {
                    if (regulators[j].Output == regulators[i].Output)
                    {
                        return "two regulators drive the same output";
                    }

                    if (WireName.SameKey(WireName.Encode(regulators[j].Name, RegulatorMessage.NameLength), WireName.Encode(regulators[i].Name, RegulatorMessage.NameLength)))
                    {
                        return "two regulators have the same name (first 19 characters)";
                    }
                }
            }

            return null;
        }
    }
}
