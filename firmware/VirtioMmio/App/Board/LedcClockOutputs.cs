using VirtioMmio.Hardware;

namespace VirtioMmio.App.Board
{
    /// <summary>
    /// The virtio-clock outputs of a board, one LEDC channel per clock: rate = PWM frequency, enable = start/stop.
    ///
    /// nanoFramework pairs PWM(2k-1) and PWM(2k) on one LEDC timer, so a pair has ONE frequency. Rule: the two
    /// clocks of a pair may run together only at the same rate. A rate change of a clock whose partner is running
    /// at another rate, or an enable that would retune a running partner, is refused (the device answers -EIO and
    /// keeps its state); a stopped clock just remembers its rate and programs it when it starts.
    /// Allocation-free; every call completes at once.
    /// </summary>
    public sealed class LedcClockOutputs : IClockOutput
    {
        private readonly ILedcChannel[] _channels;
        private readonly int[] _partner;
        private readonly uint[] _rate;
        private readonly uint[] _programmedHz;
        private readonly bool[] _running;

        public LedcClockOutputs(BoardDefinition board, IBoardHardware hardware)
        {
            int count = board.ClockCount;
            _channels = new ILedcChannel[count];
            _partner = new int[count];
            _rate = new uint[count];
            _programmedHz = new uint[count];
            _running = new bool[count];
            for (int i = 0; i < count; i++)
            {
                ClockOutputDefinition clock = board.GetClock(i);
                _channels[i] = hardware.OpenLedcChannel(clock.LedcChannel, clock.Pin, clock.InitialHz);
                _rate[i] = clock.InitialHz;
                _programmedHz[i] = clock.InitialHz;
                _partner[i] = -1;
                for (int j = 0; j < count; j++)
                {
                    if (j != i && board.GetClock(j).LedcTimer == clock.LedcTimer)
                    {
                        _partner[i] = j;
                    }
                }
            }
        }

        public int Count
        {
            get { return _channels.Length; }
        }

        /// <summary>Changes refused because they would have retuned the running pair partner.</summary>
        public uint PairConflicts { get; private set; }

        /// <summary>The rate output <paramref name="output"/> runs at (or will run at once started).</summary>
        public uint RateOf(int output)
        {
            return _rate[output];
        }

        public bool IsRunning(int output)
        {
            return _running[output];
        }

        /// <summary>The output sharing this output's LEDC timer, or -1.</summary>
        public int PartnerOf(int output)
        {
            return _partner[output];
        }

        public bool SetRate(int output, uint rateHz)
        {
            if (!IsOutput(output) || rateHz == 0)
            {
                return false;
            }

            if (PartnerRunsAtOtherRate(output, rateHz))
            {
                PairConflicts++;
                return false;
            }

            if (_running[output] && !Program(output, rateHz))
            {
                return false;
            }

            _rate[output] = rateHz;
            return true;
        }

        public bool SetEnabled(int output, bool enabled)
        {
            if (!IsOutput(output))
            {
                return false;
            }

            if (!enabled)
            {
                if (!_channels[output].Stop())
                {
                    return false;
                }

                _running[output] = false;
                return true;
            }

            if (PartnerRunsAtOtherRate(output, _rate[output]))
            {
                PairConflicts++;
                return false;
            }

            // Start() programs the shared timer from the channel's own frequency, so bring that up to date first.
            if (!Program(output, _rate[output]) || !_channels[output].Start())
            {
                return false;
            }

            _running[output] = true;
            return true;
        }

        /// <summary>LEDC outputs have no parent mux.</summary>
        public bool SetParent(int output, int parentIndex)
        {
            return false;
        }

        /// <summary>LEDC has no branch memory to retain: flags are accepted and have no physical effect.</summary>
        public bool SetMemoryFlags(int output, uint flags)
        {
            return IsOutput(output);
        }

        private bool PartnerRunsAtOtherRate(int output, uint rateHz)
        {
            int partner = _partner[output];
            return partner >= 0 && _running[partner] && _rate[partner] != rateHz;
        }

        private bool Program(int output, uint rateHz)
        {
            if (_programmedHz[output] == rateHz)
            {
                return true;
            }

            if (!_channels[output].SetFrequency(rateHz))
            {
                return false;
            }

            _programmedHz[output] = rateHz;
            return true;
        }

        private bool IsOutput(int output)
        {
            return output >= 0 && output < _channels.Length;
        }
    }
}
