using VirtioMmio.Devices.Regulator;
using VirtioMmio.Hardware;

namespace VirtioMmio.App.Board
{
    /// <summary>
    /// The virtio-regulator outputs of a board: one enable GPIO each, plus optional voltage-select GPIOs that carry
    /// the level index k = (mV - min) / step in binary (bit 0 on the first pin). Current limit has no hardware
    /// (refused); the only mode is NORMAL. Allocation-free; every call completes at once (settle times are the
    /// external regulator's business and are not waited for).
    /// </summary>
    public sealed class GpioRegulatorOutputs : IRegulatorOutput
    {
        private readonly IDigitalOutput[] _enable;
        private readonly IDigitalOutput[][] _select;
        private readonly uint[] _minMv;
        private readonly uint[] _maxMv;
        private readonly uint[] _stepMv;
        private readonly bool[] _enabled;
        private readonly int[] _level;

        public GpioRegulatorOutputs(BoardDefinition board, IBoardHardware hardware)
        {
            int count = board.RegulatorCount;
            _enable = new IDigitalOutput[count];
            _select = new IDigitalOutput[count][];
            _minMv = new uint[count];
            _maxMv = new uint[count];
            _stepMv = new uint[count];
            _enabled = new bool[count];
            _level = new int[count];
            for (int i = 0; i < count; i++)
            {
                RegulatorOutputDefinition regulator = board.GetRegulator(i);

                // Select pins first, at the start-up level, so the enable never sees a stray voltage.
                int level = (int)((regulator.InitialMv - regulator.MinMv) / regulator.StepMv);
                _select[i] = new IDigitalOutput[regulator.VoltageSelectPinCount];
                for (int bit = 0; bit < _select[i].Length; bit++)
                {
                    _select[i][bit] = hardware.OpenOutput(regulator.GetVoltageSelectPin(bit), ((level >> bit) & 1) != 0);
                }

                _enable[i] = hardware.OpenOutput(regulator.EnablePin, false);
                _minMv[i] = regulator.MinMv;
                _maxMv[i] = regulator.MaxMv;
                _stepMv[i] = regulator.StepMv;
                _level[i] = level;
            }
        }

        public int Count
        {
            get { return _enable.Length; }
        }

        public bool IsEnabled(int output)
        {
            return _enabled[output];
        }

        /// <summary>Voltage level index currently on the select pins.</summary>
        public int LevelOf(int output)
        {
            return _level[output];
        }

        public bool SetEnabled(int output, bool enabled, uint settleMicroseconds)
        {
            if (!IsOutput(output))
            {
                return false;
            }

            _enable[output].Write(enabled);
            _enabled[output] = enabled;
            return true;
        }

        public bool SetVoltage(int output, uint microvolts, uint settleMicroseconds)
        {
            if (!IsOutput(output) || microvolts % 1000 != 0)
            {
                return false;
            }

            uint millivolts = microvolts / 1000;
            if (millivolts < _minMv[output] || millivolts > _maxMv[output] || (millivolts - _minMv[output]) % _stepMv[output] != 0)
            {
                return false;
            }

            int level = (int)((millivolts - _minMv[output]) / _stepMv[output]);
            IDigitalOutput[] select = _select[output];
            for (int bit = 0; bit < select.Length; bit++)
            {
                bool high = ((level >> bit) & 1) != 0;
                if (high != (((_level[output] >> bit) & 1) != 0))
                {
                    select[bit].Write(high);
                }
            }

            _level[output] = level;
            return true;
        }

        /// <summary>No current-limit hardware.</summary>
        public bool SetCurrentLimit(int output, uint microamps)
        {
            return false;
        }

        public bool SetMode(int output, uint mode)
        {
            return IsOutput(output) && mode == RegulatorModes.Normal;
        }

        private bool IsOutput(int output)
        {
            return output >= 0 && output < _enable.Length;
        }
    }
}
