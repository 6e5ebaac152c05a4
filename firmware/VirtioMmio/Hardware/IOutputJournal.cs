namespace VirtioMmio.Hardware
{
    /// <summary>
    /// Implemented by personalities that drive physical outputs (clock, regulator): how many physical transitions
    /// (rate change, enable, disable, voltage change, reset assert/deassert) they have made since start-up.
    /// The suite reads it over any transport to prove that a virtio reset or restore did not glitch an output.
    /// </summary>
    public interface IOutputJournal
    {
        uint OutputTransitions { get; }
    }
}
