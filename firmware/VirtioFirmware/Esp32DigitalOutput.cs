using System.Device.Gpio;
using VirtioMmio.App.Board;

namespace VirtioFirmware
{
    /// <summary>A GPIO output on System.Device.Gpio.</summary>
    internal sealed class Esp32DigitalOutput : IDigitalOutput
    {
        private readonly GpioPin _pin;

        public Esp32DigitalOutput(GpioController controller, int pin, bool initialHigh)
        {
            _pin = controller.OpenPin(pin, PinMode.Output);
            _pin.Write(initialHigh ? PinValue.High : PinValue.Low);
        }

        public void Write(bool high)
        {
            _pin.Write(high ? PinValue.High : PinValue.Low);
        }
    }
}
