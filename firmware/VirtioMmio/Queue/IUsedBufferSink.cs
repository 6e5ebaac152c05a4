namespace VirtioMmio.Queue
{
    /// <summary>Told by a queue after each used idx update, so the transport can raise InterruptStatus bit 0 at once.</summary>
    internal interface IUsedBufferSink
    {
        /// <param name="queueIndex">The queue that published.</param>
        /// <param name="notify">False if the driver suppressed this notification (spec V-04).</param>
        /// <returns>False to end the pass now (the device signalled DEVICE_NEEDS_RESET while handling the request).</returns>
        bool OnUsedBufferPublished(int queueIndex, bool notify);
    }
}
