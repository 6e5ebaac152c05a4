using VirtioMmio.Annotations;

namespace VirtioMmio.Devices.Regulator
{
    /// <summary>
    /// One regulator of a virtio-regulator device, defined by data (board files generate these). Voltages are µV
    /// (the wire carries mV): a range [MinMicrovolts, MaxMicrovolts] on a grid of StepMicrovolts (0 = any µV), or
    /// a switch (min = max = 0: on/off only, no voltage requests). The device reads a descriptor at construction and
    /// while serving requests: do not change it afterwards.
    /// </summary>
    public sealed class RegulatorDescriptor
    {
        public RegulatorDescriptor(string name, int output, uint minMicrovolts, uint maxMicrovolts, uint stepMicrovolts, uint initialMicrovolts, bool initiallyEnabled)
        {
            Name = name;
            Output = output;
            MinMicrovolts = minMicrovolts;
            MaxMicrovolts = maxMicrovolts;
            StepMicrovolts = stepMicrovolts;
            InitialMicrovolts = initialMicrovolts;
            InitiallyEnabled = initiallyEnabled;
            AllowedModes = RegulatorModes.Normal;
            InitialMode = RegulatorModes.Normal;
        }

        /// <summary>The same, with voltages given in mV.</summary>
        [NoirqExempt("Board description, built before the device")]
        public static RegulatorDescriptor FromMillivolts(string name, int output, uint minMillivolts, uint maxMillivolts, uint stepMillivolts, uint initialMillivolts, bool initiallyEnabled)
        {
            return new RegulatorDescriptor(name, output, minMillivolts * 1000, maxMillivolts * 1000, stepMillivolts * 1000, initialMillivolts * 1000, initiallyEnabled);
        }

        /// <summary>An on/off switch without voltage control (the driver's switch_ops when min = max = 0).</summary>
        [NoirqExempt("Board description, built before the device")]
        public static RegulatorDescriptor Switch(string name, int output, bool initiallyEnabled)
        {
            return new RegulatorDescriptor(name, output, 0, 0, 0, 0, initiallyEnabled);
        }

        /// <summary>DT regulator-name. Only the first 19 characters travel on the wire, and they identify it.</summary>
        public string Name { get; }

        /// <summary>Index of the hardware output (<see cref="VirtioMmio.Hardware.IRegulatorOutput"/>).</summary>
        public int Output { get; }

        public uint MinMicrovolts { get; }

        public uint MaxMicrovolts { get; }

        /// <summary>Voltage grid step from MinMicrovolts; 0 = any µV in range.</summary>
        public uint StepMicrovolts { get; }

        public uint InitialMicrovolts { get; }

        public bool InitiallyEnabled { get; }

        /// <summary>True for an on/off switch (no voltage control).</summary>
        public bool IsSwitch
        {
            get { return MaxMicrovolts == 0; }
        }

        /// <summary>Lowest current limit in µA; with MaxCurrentLimitMicroamps 0 the regulator has no current limit control.</summary>
        public uint MinCurrentLimitMicroamps { get; set; }

        public uint MaxCurrentLimitMicroamps { get; set; }

        public uint InitialCurrentLimitMicroamps { get; set; }

        /// <summary>Mask of REGULATOR_MODE_* values SET_MODE accepts (default: NORMAL only).</summary>
        public uint AllowedModes { get; set; }

        /// <summary>Mode at start-up (one bit of AllowedModes).</summary>
        public uint InitialMode { get; set; }

        /// <summary>Highest load SET_LOAD accepts, µA; 0 = no limit.</summary>
        public uint MaxLoadMicroamps { get; set; }

        /// <summary>
        /// Time the output needs to settle after an enable or a voltage change, µs. Reported to the hardware layer
        /// with each such transition (it may schedule a power-good check); the device never waits for it.
        /// </summary>
        public uint SettleMicroseconds { get; set; }

        /// <summary>True if the regulator has current limit control.</summary>
        public bool HasCurrentLimit
        {
            get { return MaxCurrentLimitMicroamps != 0; }
        }

        /// <summary>
        /// Picks the voltage for a request window [lowMicrovolts, highMicrovolts]: the lowest grid voltage inside
        /// it (what the Linux core's linear mapping picks). False if no supported voltage is inside.
        /// </summary>
        public bool TrySelectVoltage(ulong lowMicrovolts, ulong highMicrovolts, out uint microvolts)
        {
            microvolts = 0;
            ulong low = lowMicrovolts > MinMicrovolts ? lowMicrovolts : MinMicrovolts;
            ulong high = highMicrovolts < MaxMicrovolts ? highMicrovolts : MaxMicrovolts;
            if (IsSwitch || low > high)
            {
                return false;
            }

            ulong offset = low - MinMicrovolts;
            if (StepMicrovolts != 0 && offset % StepMicrovolts != 0)
            {
                offset += StepMicrovolts - offset % StepMicrovolts;
            }

            ulong candidate = MinMicrovolts + offset;
            if (candidate > high)
            {
                return false;
            }

            microvolts = (uint)candidate;
            return true;
        }

        /// <summary>
        /// Picks the current limit for a request window [lowMicroamps, highMicroamps]: the highest supported limit
        /// inside it (the Linux convention for set_current_limit). False if none is inside.
        /// </summary>
        public bool TrySelectCurrentLimit(uint lowMicroamps, uint highMicroamps, out uint microamps)
        {
            microamps = 0;
            uint low = lowMicroamps > MinCurrentLimitMicroamps ? lowMicroamps : MinCurrentLimitMicroamps;
            uint high = highMicroamps < MaxCurrentLimitMicroamps ? highMicroamps : MaxCurrentLimitMicroamps;
            if (!HasCurrentLimit || low > high)
            {
                return false;
            }

            microamps = high;
            return true;
        }

        /// <summary>Returns null if valid, else what is wrong (construction time only).</summary>
        public string? Validate()
        {
            if (Name == null || Name.Length == 0 || !WireName.IsPrintableAscii(Name))
            {
                return "regulator name must be non-empty printable ASCII";
            }

            if (Output < 0)
            {
                return "regulator output index must be >= 0";
            }

            if (IsSwitch)
            {
                if (MinMicrovolts != 0 || StepMicrovolts != 0 || InitialMicrovolts != 0)
                {
                    return "a switch regulator (max 0 uV) must have min, step and initial voltage 0";
                }
            }
            else
            {
                uint selected;
                if (MinMicrovolts > MaxMicrovolts)
                {
                    return "regulator voltage range must satisfy min <= max";
                }

                if (!TrySelectVoltage(InitialMicrovolts, InitialMicrovolts, out selected) || selected != InitialMicrovolts)
                {
                    return "regulator initial voltage is not a supported voltage";
                }
            }

            if (HasCurrentLimit)
            {
                if (MinCurrentLimitMicroamps > MaxCurrentLimitMicroamps
                    || InitialCurrentLimitMicroamps < MinCurrentLimitMicroamps
                    || InitialCurrentLimitMicroamps > MaxCurrentLimitMicroamps)
                {
                    return "regulator current limit range must satisfy min <= initial <= max";
                }
            }
            else if (MinCurrentLimitMicroamps != 0 || InitialCurrentLimitMicroamps != 0)
            {
                return "a regulator without current limit (max 0 uA) must have min and initial limit 0";
            }

            if (AllowedModes == 0 || (AllowedModes & ~RegulatorModes.All) != 0)
            {
                return "regulator allowed modes must be a non-empty set of REGULATOR_MODE_* bits";
            }

            if (!RegulatorModes.IsSingleMode(InitialMode) || (InitialMode & AllowedModes) == 0)
            {
                return "regulator initial mode must be one of the allowed modes";
            }

            return null;
        }
    }
}
