namespace VirtioMmio.App.Board
{
    /// <summary>
    /// Opens the board's physical pins. The ESP32 app implements it with System.Device.Gpio and
    /// System.Device.Pwm; host tests with simulated pins. Called at start-up only, never on a request path.
    /// </summary>
    public interface IBoardHardware
    {
        /// <summary>Opens <paramref name="pin"/> as a push-pull output driven to <paramref name="initialHigh"/>.</summary>
        IDigitalOutput OpenOutput(int pin, bool initialHigh);

        /// <summary>
        /// Maps <paramref name="pin"/> to LEDC channel PWM<paramref name="ledcChannel"/> and creates it, stopped,
        /// at <paramref name="initialHz"/> and 50 % duty.
        /// </summary>
        ILedcChannel OpenLedcChannel(int ledcChannel, int pin, uint initialHz);
    }
}
