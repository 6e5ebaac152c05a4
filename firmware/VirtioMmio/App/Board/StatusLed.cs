using VirtioMmio.Annotations;

namespace VirtioMmio.App.Board
{
    /// <summary>
    /// The status LED: a slow heartbeat (toggle every <see cref="HeartbeatHalfPeriodMs"/>) while the loop runs and
    /// nothing arrives, a fast flicker (toggle at most every <see cref="ActivityHalfPeriodMs"/>) while frames
    /// arrive. A LED that stops changing means the loop is stuck (and the watchdog will restart the board).
    /// </summary>
    public sealed class StatusLed
    {
        public const int HeartbeatHalfPeriodMs = 500;
        public const int ActivityHalfPeriodMs = 50;

        private readonly IDigitalOutput _led;
        private bool _on;
        private long _lastToggleMs;
        private uint _lastFrames;

        public StatusLed(IDigitalOutput led, long nowMs)
        {
            _led = led;
            _lastToggleMs = nowMs;
        }

        public bool IsOn
        {
            get { return _on; }
        }

        /// <summary>Called once per loop iteration with the loop's received-frame counter.</summary>
        [NoirqSafe]
        public void Update(long nowMs, uint framesReceived)
        {
            long elapsed = nowMs - _lastToggleMs;
            bool active = framesReceived != _lastFrames;
            if (elapsed >= HeartbeatHalfPeriodMs || (active && elapsed >= ActivityHalfPeriodMs))
            {
                _on = !_on;
                _led.Write(_on);
                _lastToggleMs = nowMs;
                _lastFrames = framesReceived;
            }
        }
    }
}
