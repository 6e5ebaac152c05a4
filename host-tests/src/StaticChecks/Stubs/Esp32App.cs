// Declarations only (bodies throw or return defaults): the nanoFramework API surface firmware/VirtioFirmware (the
// ESP32 app) compiles against, from nanoFramework.Hardware.Esp32 1.6.40, nanoFramework.Runtime.Native 1.7.11,
// nanoFramework.System.Device.Gpio 1.1.62, nanoFramework.System.Device.Pwm 1.1.23 and nanoFramework.System.IO.Ports
// 1.1.139. Only the members the app uses; names and signatures as in those packages' sources. Never executed.
namespace nanoFramework.Hardware.Esp32
{
    public enum DeviceFunction
    {
        COM2_TX,
        COM2_RX,
        PWM1,
        PWM2,
        PWM3,
        PWM4,
        PWM5,
        PWM6,
        PWM7,
        PWM8,
        PWM9,
        PWM10,
        PWM11,
        PWM12,
        PWM13,
        PWM14,
        PWM15,
        PWM16,
    }

    public static class Configuration
    {
        public static void SetPinFunction(int gpioNumber, DeviceFunction function) { }

        public static int GetFunctionPin(DeviceFunction function) => -1;
    }
}

namespace nanoFramework.Runtime.Native
{
    public class Power
    {
        public static void RebootDevice() { }

        public static void RebootDevice(int exeConstraintTimeout) { }
    }
}

namespace System.Device.Gpio
{
    public enum PinMode
    {
        Input,
        InputPullDown,
        InputPullUp,
        Output,
        OutputOpenDrain,
        OutputOpenDrainPullUp,
        OutputOpenSource,
        OutputOpenSourcePullDown,
    }

    public readonly struct PinValue
    {
        public static PinValue Low => default;

        public static PinValue High => default;
    }

    public sealed class GpioPin
    {
        private GpioPin() { }

        public void Write(PinValue value) { }
    }

    public class GpioController
    {
        public GpioController() { }

        public GpioPin OpenPin(int pinNumber, PinMode mode) => throw new System.NotSupportedException();
    }
}

namespace System.Device.Pwm
{
    public sealed class PwmChannel
    {
        private PwmChannel() { }

        public int Frequency { get; set; }

        public double DutyCycle { get; set; }

        public static PwmChannel CreateFromPin(int pin, int frequency = 400, double dutyCyclePercentage = 0.5) => throw new System.NotSupportedException();

        public void Start() { }

        public void Stop() { }
    }
}

namespace System.IO.Ports
{
    public enum Parity
    {
        None,
        Odd,
        Even,
        Mark,
        Space,
    }

    public enum StopBits
    {
        None,
        One,
        Two,
        OnePointFive,
    }

    public enum Handshake
    {
        None,
        XOnXOff,
        RequestToSend,
        RequestToSendXOnXOff,
    }

    public sealed class SerialPort
    {
        public SerialPort(string portName, int baudRate = 9600, Parity parity = Parity.None, int dataBits = 8, StopBits stopBits = StopBits.One) { }

        public Handshake Handshake { get; set; }

        public int ReadBufferSize { get; set; }

        public bool IsOpen => false;

        public int BytesToRead => 0;

        public void Open() { }

        public int Read(byte[] buffer, int offset, int count) => 0;

        public void Write(byte[] buffer, int offset, int count) { }
    }
}
