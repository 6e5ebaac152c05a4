namespace VirtioMmio.App.Board
{
    /// <summary>
    /// One regulator output: an enable GPIO plus optional voltage-select GPIOs. Voltage level index
    /// k = (mV - MinMv) / StepMv is driven onto the select pins in binary, bit 0 on the first pin.
    /// A fixed regulator has MinMv == MaxMv and no select pins.
    /// </summary>
    public sealed class RegulatorOutputDefinition
    {
        private readonly int[] _voltageSelectPins;

        public RegulatorOutputDefinition(string name, int enablePin, uint minMv, uint maxMv, uint stepMv, int[] voltageSelectPins, uint initialMv)
        {
            if (name == null || voltageSelectPins == null)
            {
                throw new System.ArgumentNullException();
            }

            if (minMv == 0 || minMv > maxMv || stepMv == 0 || (maxMv - minMv) % stepMv != 0
                || initialMv < minMv || initialMv > maxMv || (initialMv - minMv) % stepMv != 0)
            {
                throw new System.ArgumentOutOfRangeException();
            }

            Name = name;
            EnablePin = enablePin;
            MinMv = minMv;
            MaxMv = maxMv;
            StepMv = stepMv;
            _voltageSelectPins = voltageSelectPins;
            InitialMv = initialMv;
        }

        /// <summary>Wire name (virtio_regulator_msg.name), at most 19 characters.</summary>
        public string Name { get; }

        public int EnablePin { get; }

        public uint MinMv { get; }

        public uint MaxMv { get; }

        /// <summary>Voltage step; 1 for a fixed regulator.</summary>
        public uint StepMv { get; }

        /// <summary>Number of voltage levels, MinMv, MinMv + StepMv, ..., MaxMv.</summary>
        public int LevelCount
        {
            get { return (int)((MaxMv - MinMv) / StepMv) + 1; }
        }

        public int VoltageSelectPinCount
        {
            get { return _voltageSelectPins.Length; }
        }

        /// <summary>Select pin for bit <paramref name="bit"/> of the level index.</summary>
        public int GetVoltageSelectPin(int bit)
        {
            return _voltageSelectPins[bit];
        }

        /// <summary>Voltage selected at start-up; the output starts disabled.</summary>
        public uint InitialMv { get; }
    }
}
