namespace VirtioMmio.App
{
    /// <summary>
    /// The byte pipe the bridge runs over: a UART on a board; a TCP socket or pseudo-terminal in the emulator.
    /// </summary>
    public interface IByteChannel
    {
        /// <summary>
        /// Reads up to <paramref name="count"/> bytes, waiting a short while for data. Returns the number read,
        /// 0 if nothing arrived in time, or -1 once the channel is closed for good.
        /// </summary>
        int Read(byte[] buffer, int offset, int count);

        /// <summary>Writes all <paramref name="count"/> bytes. Returns false if the channel is closed.</summary>
        bool Write(byte[] buffer, int offset, int count);
    }
}
