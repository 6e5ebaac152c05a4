namespace VirtioMmio.App.Board
{
    /// <summary>
    /// One clock output: a virtio-clock resource driven by an ESP32 LEDC channel (nanoFramework PwmChannel).
    /// The rate is the PWM frequency at 50 % duty; enable/disable start/stop the channel.
    /// Either a continuous range [MinHz, MaxHz] or a fixed list of rates (<see cref="RateCount"/> &gt; 0).
    /// </summary>
    public sealed class ClockOutputDefinition
    {
        private readonly uint[] _rates;

        public ClockOutputDefinition(string name, uint id, int ledcChannel, int pin, uint minHz, uint maxHz, uint[] rates, uint initialHz)
        {
            if (name == null || rates == null)
            {
                throw new System.ArgumentNullException();
            }

            if (ledcChannel < 1 || ledcChannel > 16 || minHz == 0 || minHz > maxHz || initialHz < minHz || initialHz > maxHz)
            {
                throw new System.ArgumentOutOfRangeException();
            }

            Name = name;
            Id = id;
            LedcChannel = ledcChannel;
            Pin = pin;
            MinHz = minHz;
            MaxHz = maxHz;
            _rates = rates;
            InitialHz = initialHz;
        }

        /// <summary>Wire name (virtio_clk_msg.name), at most 39 characters.</summary>
        public string Name { get; }

        /// <summary>Wire id (virtio_clk_msg.id).</summary>
        public uint Id { get; }

        /// <summary>nanoFramework PWM function number n (DeviceFunction.PWMn), 1..16.</summary>
        public int LedcChannel { get; }

        /// <summary>
        /// The LEDC timer behind the channel. nanoFramework pairs PWM(2k-1) and PWM(2k) on one timer, so the
        /// two channels of a pair always run at the same frequency.
        /// </summary>
        public int LedcTimer
        {
            get { return (LedcChannel - 1) / 2; }
        }

        public int Pin { get; }

        /// <summary>Lowest rate (the first listed rate for a discrete clock).</summary>
        public uint MinHz { get; }

        /// <summary>Highest rate (the last listed rate for a discrete clock).</summary>
        public uint MaxHz { get; }

        /// <summary>Number of discrete rates; 0 for a continuous range.</summary>
        public int RateCount
        {
            get { return _rates.Length; }
        }

        /// <summary>Discrete rate <paramref name="index"/>, ascending.</summary>
        public uint GetRate(int index)
        {
            return _rates[index];
        }

        /// <summary>Rate programmed at start-up; the output starts disabled.</summary>
        public uint InitialHz { get; }
    }
}
