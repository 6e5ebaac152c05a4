namespace VirtioMmio.Transport
{
    /// <summary>
    /// How a register access was classified. The register effect always follows docs/register-policy.md
    /// (reads of anything invalid return 0, invalid writes change nothing); the classification lets the bridge
    /// report bad accesses to the host and lets tests assert the policy.
    /// </summary>
    public enum MmioAccessResult
    {
        /// <summary>A defined access with its defined effect.</summary>
        Ok = 0,

        /// <summary>Width other than 4 on a control register, or other than 1/2/4 on config space.</summary>
        BadWidth = 1,

        /// <summary>Offset not aligned to the access width.</summary>
        Misaligned = 2,

        /// <summary>An offset the layout does not describe (includes config space beyond its size and 0x200+).</summary>
        UndefinedOffset = 3,

        /// <summary>A write to a read-only register: ignored.</summary>
        ReadOnlyRegister = 4,

        /// <summary>A read of a write-only register: returns 0.</summary>
        WriteOnlyRegister = 5,

        /// <summary>A valid register written in a state where the policy ignores it (e.g. queue address while ready).</summary>
        IgnoredInState = 6,
    }
}
