using VirtioMmio.App.Board;

namespace Boards.Tests;

/// <summary>
/// The board's pins in software: every GPIO write and LEDC operation is recorded in one ordered log, and the
/// electrical state (pin levels, LEDC timer frequencies, running channels) is modelled the way nanoFramework's
/// ESP32 PWM driver behaves: PWM(2k-1) and PWM(2k) share LEDC timer k-1, and both SetFrequency and Start
/// program that timer.
/// </summary>
internal sealed class SimulatedBoardHardware : IBoardHardware
{
    private readonly Dictionary<int, SimulatedPin> _pins = [];
    private readonly Dictionary<int, SimulatedLedc> _ledc = [];
    private readonly Dictionary<int, uint> _timerHz = [];

    public List<string> Log { get; } = [];

    /// <summary>False: pins and channels change state without logging (the log allocates; allocation tests need quiet pins).</summary>
    public bool Recording { get; set; } = true;

    private void Record(string entry)
    {
        if (Recording)
        {
            Log.Add(entry);
        }
    }

    public IReadOnlyDictionary<int, SimulatedPin> Pins => _pins;

    public IReadOnlyDictionary<int, SimulatedLedc> LedcByPin => _ledc;

    /// <summary>The frequency the LEDC timer of PWM<paramref name="ledcChannel"/> currently runs at.</summary>
    public uint TimerHz(int ledcChannel) => _timerHz.GetValueOrDefault((ledcChannel - 1) / 2);

    public IDigitalOutput OpenOutput(int pin, bool initialHigh)
    {
        if (_pins.ContainsKey(pin) || _ledc.ContainsKey(pin))
        {
            throw new InvalidOperationException($"GPIO{pin} opened twice");
        }

        var simulated = new SimulatedPin(this, pin, initialHigh);
        _pins[pin] = simulated;
        Log.Add($"open GPIO{pin} {(initialHigh ? 1 : 0)}");
        return simulated;
    }

    public ILedcChannel OpenLedcChannel(int ledcChannel, int pin, uint initialHz)
    {
        if (_pins.ContainsKey(pin) || _ledc.ContainsKey(pin) || _ledc.Values.Any(c => c.Channel == ledcChannel))
        {
            throw new InvalidOperationException($"GPIO{pin}/PWM{ledcChannel} opened twice");
        }

        var simulated = new SimulatedLedc(this, ledcChannel, pin, initialHz);
        _ledc[pin] = simulated;
        Log.Add($"open PWM{ledcChannel} GPIO{pin} {initialHz} Hz");
        return simulated;
    }

    internal sealed class SimulatedPin(SimulatedBoardHardware owner, int pin, bool initialHigh) : IDigitalOutput
    {
        public bool High { get; private set; } = initialHigh;

        public int Writes { get; private set; }

        public void Write(bool high)
        {
            Writes++;
            High = high;
            if (owner.Recording)
            {
                owner.Record($"GPIO{pin} {(high ? 1 : 0)}");
            }
        }
    }

    internal sealed class SimulatedLedc(SimulatedBoardHardware owner, int channel, int pin, uint initialHz) : ILedcChannel
    {
        public int Channel => channel;

        public int Pin => pin;

        /// <summary>The frequency field of the nanoFramework PwmChannel object.</summary>
        public uint ChannelHz { get; private set; } = initialHz;

        public bool Running { get; private set; }

        /// <summary>The frequency the pin actually toggles at: the shared timer's, while running.</summary>
        public uint OutputHz => Running ? owner.TimerHz(channel) : 0;

        public bool Refuse { get; set; }

        public bool SetFrequency(uint hz)
        {
            if (Refuse)
            {
                return false;
            }

            ChannelHz = hz;
            owner._timerHz[(channel - 1) / 2] = hz;
            if (owner.Recording)
            {
                owner.Record($"PWM{channel} freq {hz}");
            }
            return true;
        }

        public bool Start()
        {
            if (Refuse)
            {
                return false;
            }

            owner._timerHz[(channel - 1) / 2] = ChannelHz;
            Running = true;
            if (owner.Recording)
            {
                owner.Record($"PWM{channel} start");
            }
            return true;
        }

        public bool Stop()
        {
            if (Refuse)
            {
                return false;
            }

            Running = false;
            if (owner.Recording)
            {
                owner.Record($"PWM{channel} stop");
            }
            return true;
        }
    }
}
