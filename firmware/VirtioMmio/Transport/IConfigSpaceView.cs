namespace VirtioMmio.Transport
{
    /// <summary>
    /// Optional fast path for config-space reads. A personality whose config space already lives in one byte array
    /// can expose that array: the transport then assembles a config read straight from it instead of making one
    /// <see cref="IVirtioPersonality.ReadConfigByte"/> interface call per byte. Writes still go through
    /// <see cref="IVirtioPersonality.WriteConfigByte"/>, so the personality keeps deciding what is writable.
    /// Contract: the array is the live config space (updated in place, never replaced), its length is
    /// <see cref="IVirtioPersonality.ConfigSize"/>, and that size is fixed for the device's lifetime.
    /// A personality without the array simply does not implement this interface.
    /// </summary>
    public interface IConfigSpaceView
    {
        /// <summary>The live config space; read once, at transport construction.</summary>
        byte[] ConfigSpace { get; }
    }
}
