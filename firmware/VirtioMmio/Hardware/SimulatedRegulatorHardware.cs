namespace VirtioMmio.Hardware
{
    /// <summary>
    /// Host stand-in for a regulator controller's outputs: keeps each output's physical state and records every
    /// transition (with the settle time the device reported) in a <see cref="TransitionJournal"/>.
    /// <see cref="FailingOutput"/> makes the hardware refuse changes, to test the device's -EIO path.
    /// </summary>
    public sealed class SimulatedRegulatorHardware : IRegulatorOutput
    {
        private readonly bool[] _enabled;
        private readonly uint[] _microvolts;
        private readonly uint[] _microamps;
        private readonly uint[] _mode;

        public SimulatedRegulatorHardware(int outputCount, TransitionJournal journal)
        {
            if (outputCount < 0 || journal == null)
            {
                throw new System.ArgumentException("invalid simulated regulator hardware");
            }

            _enabled = new bool[outputCount];
            _microvolts = new uint[outputCount];
            _microamps = new uint[outputCount];
            _mode = new uint[outputCount];
            Journal = journal;
            FailingOutput = -1;
        }

        public TransitionJournal Journal { get; }

        /// <summary>Output whose changes are refused (-1: none).</summary>
        public int FailingOutput { get; set; }

        public bool IsEnabled(int output)
        {
            return _enabled[output];
        }

        public uint MicrovoltsOf(int output)
        {
            return _microvolts[output];
        }

        public uint CurrentLimitOf(int output)
        {
            return _microamps[output];
        }

        public uint ModeOf(int output)
        {
            return _mode[output];
        }

        public bool SetEnabled(int output, bool enabled, uint settleMicroseconds)
        {
            if (!Accepts(output))
            {
                return false;
            }

            _enabled[output] = enabled;
            Journal.Record(enabled ? TransitionKind.RegulatorEnable : TransitionKind.RegulatorDisable, output, 0, enabled ? settleMicroseconds : 0);
            return true;
        }

        public bool SetVoltage(int output, uint microvolts, uint settleMicroseconds)
        {
            if (!Accepts(output))
            {
                return false;
            }

            _microvolts[output] = microvolts;
            Journal.Record(TransitionKind.RegulatorVoltage, output, microvolts, settleMicroseconds);
            return true;
        }

        public bool SetCurrentLimit(int output, uint microamps)
        {
            if (!Accepts(output))
            {
                return false;
            }

            _microamps[output] = microamps;
            Journal.Record(TransitionKind.RegulatorCurrentLimit, output, microamps, 0);
            return true;
        }

        public bool SetMode(int output, uint mode)
        {
            if (!Accepts(output))
            {
                return false;
            }

            _mode[output] = mode;
            Journal.Record(TransitionKind.RegulatorMode, output, mode, 0);
            return true;
        }

        private bool Accepts(int output)
        {
            return output >= 0 && output < _enabled.Length && output != FailingOutput;
        }
    }
}
