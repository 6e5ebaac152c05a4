using System;
using System.Device.Pwm;
using nanoFramework.Hardware.Esp32;
using VirtioMmio.App.Board;

namespace VirtioFirmware
{
    /// <summary>
    /// One LEDC channel through System.Device.Pwm at 50 % duty. nanoFramework maps DeviceFunction.PWMn to LEDC
    /// timer (n-1)/2, so PWM(2k-1) and PWM(2k) share a frequency; <see cref="LedcClockOutputs"/> enforces that.
    /// A refused native call surfaces as an exception, turned here into the false the interface promises.
    /// </summary>
    internal sealed class Esp32LedcChannel : ILedcChannel
    {
        private readonly PwmChannel _pwm;
        private bool _started;

        public Esp32LedcChannel(int ledcChannel, int pin, uint initialHz)
        {
            Configuration.SetPinFunction(pin, PwmFunction(ledcChannel));
            PwmChannel? pwm = PwmChannel.CreateFromPin(pin, (int)initialHz, 0.5);
            if (pwm == null)
            {
                // The pin was not mapped to a PWM function: a board definition/firmware mismatch.
                throw new InvalidOperationException();
            }

            _pwm = pwm;
        }

        public bool SetFrequency(uint hz)
        {
            try
            {
                _pwm.Frequency = (int)hz;
                return true;
            }
            catch (Exception)
            {
                return false;
            }
        }

        public bool Start()
        {
            try
            {
                _pwm.Start();
                _started = true;
                return true;
            }
            catch (Exception)
            {
                return false;
            }
        }

        public bool Stop()
        {
            // Never started: the LEDC channel is not configured yet and is already idle (low).
            if (!_started)
            {
                return true;
            }

            try
            {
                _pwm.Stop();
                _started = false;
                return true;
            }
            catch (Exception)
            {
                return false;
            }
        }

        private static DeviceFunction PwmFunction(int ledcChannel)
        {
            switch (ledcChannel)
            {
                case 1: return DeviceFunction.PWM1;
                case 2: return DeviceFunction.PWM2;
                case 3: return DeviceFunction.PWM3;
                case 4: return DeviceFunction.PWM4;
                case 5: return DeviceFunction.PWM5;
                case 6: return DeviceFunction.PWM6;
                case 7: return DeviceFunction.PWM7;
                case 8: return DeviceFunction.PWM8;
                case 9: return DeviceFunction.PWM9;
                case 10: return DeviceFunction.PWM10;
                case 11: return DeviceFunction.PWM11;
                case 12: return DeviceFunction.PWM12;
                case 13: return DeviceFunction.PWM13;
                case 14: return DeviceFunction.PWM14;
                case 15: return DeviceFunction.PWM15;
                case 16: return DeviceFunction.PWM16;
                default: throw new ArgumentOutOfRangeException();
            }
        }
    }
}
