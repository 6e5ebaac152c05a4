namespace VirtioMmio.Hardware
{
    /// <summary>
    /// Host stand-in for a clock controller's outputs and reset lines: keeps the physical state each output would
    /// have and records every transition in a <see cref="TransitionJournal"/>, so tests can assert that a virtio reset
    /// or restore did not glitch anything. <see cref="FailingOutput"/>/<see cref="FailingLine"/> make the hardware
    /// refuse changes, to test the device's -EIO path.
    /// </summary>
    public sealed class SimulatedClockHardware : IClockOutput, IResetLine
    {
        private readonly uint[] _rate;
        private readonly bool[] _enabled;
        private readonly int[] _parent;
        private readonly uint[] _flags;
        private readonly bool[] _asserted;

        public SimulatedClockHardware(int outputCount, int lineCount, TransitionJournal journal)
        {
            if (outputCount < 0 || lineCount < 0 || journal == null)
            {
                throw new System.ArgumentException("invalid simulated clock hardware");
            }

            _rate = new uint[outputCount];
            _enabled = new bool[outputCount];
            _parent = new int[outputCount];
            _flags = new uint[outputCount];
            _asserted = new bool[lineCount];
            Journal = journal;
            FailingOutput = -1;
            FailingLine = -1;
        }

        public TransitionJournal Journal { get; }

        /// <summary>Clock output whose changes are refused (-1: none).</summary>
        public int FailingOutput { get; set; }

        /// <summary>Reset line whose changes are refused (-1: none).</summary>
        public int FailingLine { get; set; }

        public uint RateOf(int output)
        {
            return _rate[output];
        }

        public bool IsEnabled(int output)
        {
            return _enabled[output];
        }

        public int ParentOf(int output)
        {
            return _parent[output];
        }

        public uint MemoryFlagsOf(int output)
        {
            return _flags[output];
        }

        public bool IsAsserted(int line)
        {
            return _asserted[line];
        }

        public bool SetRate(int output, uint rateHz)
        {
            if (!Accepts(output, _rate.Length, FailingOutput))
            {
                return false;
            }

            _rate[output] = rateHz;
            Journal.Record(TransitionKind.ClockRate, output, rateHz, 0);
            return true;
        }

        public bool SetEnabled(int output, bool enabled)
        {
            if (!Accepts(output, _enabled.Length, FailingOutput))
            {
                return false;
            }

            _enabled[output] = enabled;
            Journal.Record(enabled ? TransitionKind.ClockEnable : TransitionKind.ClockDisable, output, 0, 0);
            return true;
        }

        public bool SetParent(int output, int parentIndex)
        {
            if (!Accepts(output, _parent.Length, FailingOutput) || parentIndex < 0)
            {
                return false;
            }

            _parent[output] = parentIndex;
            Journal.Record(TransitionKind.ClockParent, output, (uint)parentIndex, 0);
            return true;
        }

        public bool SetMemoryFlags(int output, uint flags)
        {
            if (!Accepts(output, _flags.Length, FailingOutput))
            {
                return false;
            }

            _flags[output] = flags;
            Journal.Record(TransitionKind.ClockMemoryFlags, output, flags, 0);
            return true;
        }

        public bool SetAsserted(int line, bool asserted)
        {
            if (!Accepts(line, _asserted.Length, FailingLine))
            {
                return false;
            }

            _asserted[line] = asserted;
            Journal.Record(asserted ? TransitionKind.ResetAssert : TransitionKind.ResetDeassert, line, 0, 0);
            return true;
        }

        private static bool Accepts(int index, int count, int failing)
        {
            return index >= 0 && index < count && index != failing;
        }
    }
}
