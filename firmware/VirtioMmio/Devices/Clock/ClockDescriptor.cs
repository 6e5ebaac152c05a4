namespace VirtioMmio.Devices.Clock
{
    /// <summary>
    /// One clock of a virtio-clock device, defined by data (board files generate these). A clock supports either a
    /// continuous range [MinRateHz, MaxRateHz] on a grid of StepHz (0 = every Hz), or a fixed list of discrete rates.
    /// Rates stay below 2^31 Hz because the driver passes them through an <c>int</c>.
    /// The device reads a descriptor at construction and while serving requests: do not change it afterwards.
    /// </summary>
    public sealed class ClockDescriptor
    {
        /// <summary>Largest rate a clock may have: 2^31 - 1 Hz.</summary>
        public const uint MaxSupportedRateHz = 0x7FFFFFFF;

        /// <summary>A clock whose rate can be any point of min + k*step up to max (step 0: any rate in range).</summary>
        public ClockDescriptor(string name, uint id, int output, uint minRateHz, uint maxRateHz, uint stepHz, uint initialRateHz, bool initiallyEnabled)
        {
            Name = name;
            Id = id;
            Output = output;
            MinRateHz = minRateHz;
            MaxRateHz = maxRateHz;
            StepHz = stepHz;
            InitialRateHz = initialRateHz;
            InitiallyEnabled = initiallyEnabled;
            ParentNames = new string[0];
        }

        /// <summary>A clock that supports exactly <paramref name="ratesHz"/> (strictly increasing).</summary>
        public ClockDescriptor(string name, uint id, int output, uint[] ratesHz, uint initialRateHz, bool initiallyEnabled)
        {
            Name = name;
            Id = id;
            Output = output;
            Rates = ratesHz;
            if (ratesHz != null && ratesHz.Length > 0)
            {
                MinRateHz = ratesHz[0];
                MaxRateHz = ratesHz[ratesHz.Length - 1];
            }

            InitialRateHz = initialRateHz;
            InitiallyEnabled = initiallyEnabled;
            ParentNames = new string[0];
        }

        /// <summary>Clock name as in the guest's SoC table. Only the first 39 characters travel on the wire.</summary>
        public string Name { get; }

        /// <summary>Clock index in the guest's view (the dt-bindings constant with F_NAME, 0..num_clks-1 without).</summary>
        public uint Id { get; }

        /// <summary>Index of the hardware output (<see cref="VirtioMmio.Hardware.IClockOutput"/>) this clock drives.</summary>
        public int Output { get; }

        public uint MinRateHz { get; }

        public uint MaxRateHz { get; }

        /// <summary>Rate grid step from MinRateHz; 0 = any rate in range. Unused with discrete rates.</summary>
        public uint StepHz { get; }

        /// <summary>Discrete supported rates (strictly increasing), or null for a range clock.</summary>
        public uint[]? Rates { get; }

        /// <summary>Rate programmed at start-up.</summary>
        public uint InitialRateHz { get; }

        /// <summary>Gate state at start-up.</summary>
        public bool InitiallyEnabled { get; }

        /// <summary>Parent names, indexed by the SET_PARENT value (the guest table's parent_names). Empty: not a mux.</summary>
        public string[] ParentNames { get; set; }

        /// <summary>Parent selected at start-up (ignored when there are no parents).</summary>
        public int InitialParent { get; set; }

        /// <summary>Branch memory state at start-up (<see cref="ClockMemoryFlags"/> bits).</summary>
        public uint InitialMemoryFlags { get; set; }

        /// <summary>
        /// Rounds a requested rate the way both ROUND_RATE and SET_RATE do: the highest supported rate not above the
        /// request, or the lowest supported rate if the request is below it. False for 0 and for rates of 2^31 Hz or
        /// more, which the driver cannot have meant.
        /// </summary>
        public bool TryRoundRate(uint requestedHz, out uint roundedHz)
        {
            roundedHz = 0;
            if (requestedHz == 0 || requestedHz > MaxSupportedRateHz)
            {
                return false;
            }

            uint[]? rates = Rates;
            if (rates != null)
            {
                uint best = rates[0];
                for (int i = 1; i < rates.Length; i++)
                {
                    if (rates[i] <= requestedHz)
                    {
                        best = rates[i];
                    }
                }

                roundedHz = best;
                return true;
            }

            if (requestedHz <= MinRateHz)
            {
                roundedHz = MinRateHz;
                return true;
            }

            uint target = requestedHz < MaxRateHz ? requestedHz : MaxRateHz;
            uint offset = target - MinRateHz;
            if (StepHz != 0)
            {
                offset -= offset % StepHz;
            }

            roundedHz = MinRateHz + offset;
            return true;
        }

        /// <summary>True if <paramref name="rateHz"/> is exactly one of the clock's supported rates.</summary>
        public bool Supports(uint rateHz)
        {
            uint rounded;
            return TryRoundRate(rateHz, out rounded) && rounded == rateHz;
        }

        /// <summary>Checks this descriptor on its own. Returns null if valid, else what is wrong (construction time only).</summary>
        public string? Validate()
        {
            if (Name == null || Name.Length == 0 || !WireName.IsPrintableAscii(Name))
            {
                return "clock name must be non-empty printable ASCII";
            }

            if (Output < 0)
            {
                return "clock output index must be >= 0";
            }

            uint[]? rates = Rates;
            if (rates != null)
            {
                if (rates.Length == 0)
                {
                    return "clock discrete rate list is empty";
                }

                for (int i = 0; i < rates.Length; i++)
                {
                    if (rates[i] == 0 || rates[i] > MaxSupportedRateHz || (i > 0 && rates[i] <= rates[i - 1]))
                    {
                        return "clock discrete rates must be strictly increasing, in 1..2^31-1 Hz";
                    }
                }
            }
            else if (MinRateHz == 0 || MinRateHz > MaxRateHz || MaxRateHz > MaxSupportedRateHz)
            {
                return "clock rate range must satisfy 0 < min <= max < 2^31 Hz";
            }

            if (!Supports(InitialRateHz))
            {
                return "clock initial rate is not a supported rate";
            }

            if (ParentNames == null)
            {
                return "clock parent list must not be null";
            }

            for (int i = 0; i < ParentNames.Length; i++)
            {
                if (ParentNames[i] == null || ParentNames[i].Length == 0)
                {
                    return "clock parent names must be non-empty";
                }
            }

            if (ParentNames.Length > 0 && (InitialParent < 0 || InitialParent >= ParentNames.Length))
            {
                return "clock initial parent is out of range";
            }

            if ((InitialMemoryFlags & ~ClockMemoryFlags.All) != 0)
            {
                return "clock initial memory flags have unknown bits";
            }

            return null;
        }
    }
}
