using System.Device.Gpio;
using VirtioMmio.App.Board;

namespace VirtioFirmware
{
    /// <summary>The ESP32 pins: GPIO outputs on one controller, LEDC channels on System.Device.Pwm.</summary>
    internal sealed class Esp32BoardHardware : IBoardHardware
    {
        private readonly GpioController _gpio = new GpioController();

        public IDigitalOutput OpenOutput(int pin, bool initialHigh)
        {
            return new Esp32DigitalOutput(_gpio, pin, initialHigh);
        }

        public ILedcChannel OpenLedcChannel(int ledcChannel, int pin, uint initialHz)
        {
            return new Esp32LedcChannel(ledcChannel, pin, initialHz);
        }
    }
}
