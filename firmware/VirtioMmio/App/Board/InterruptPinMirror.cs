using VirtioMmio.Bridge;
using VirtioMmio.Transport;

namespace VirtioMmio.App.Board
{
    /// <summary>
    /// Drives the board's optional interrupt GPIO: high while any slot's virtio interrupt line is asserted.
    /// Chained behind each slot's <see cref="SlotInterruptLine"/> (which has already recorded the new level), so
    /// the pin follows the OR of all slots. Writes only on a change.
    /// </summary>
    public sealed class InterruptPinMirror : IInterruptLine
    {
        private readonly InterruptLevels _levels;
        private readonly IDigitalOutput _pin;
        private bool _high;

        public InterruptPinMirror(InterruptLevels levels, IDigitalOutput pin)
        {
            _levels = levels;
            _pin = pin;
        }

        public bool IsHigh
        {
            get { return _high; }
        }

        public void SetLevel(bool asserted)
        {
            bool high = _levels.Levels != 0;
            if (high != _high)
            {
                _pin.Write(high);
                _high = high;
            }
        }
    }
}
