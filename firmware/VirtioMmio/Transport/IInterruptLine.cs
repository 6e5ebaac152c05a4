namespace VirtioMmio.Transport
{
    /// <summary>
    /// Receives the level of the device's interrupt line whenever it changes (asserted while InterruptStatus != 0).
    /// The bridge forwards it to the host; the firmware may also drive a GPIO from it.
    /// </summary>
    public interface IInterruptLine
    {
        void SetLevel(bool asserted);
    }
}
