namespace VirtioMmio.Annotations
{
    /// <summary>
    /// Puts a method (or every method of a type) on the noirq path, wherever it lives: it must complete without
    /// allocating, blocking or looping without bound, and so must everything it calls. Everything in the Transport,
    /// Queue, Memory, Bridge and Devices namespaces is on that path already. Checked by host-tests/src/StaticChecks.
    /// </summary>
    [System.AttributeUsage(System.AttributeTargets.Class | System.AttributeTargets.Struct | System.AttributeTargets.Method | System.AttributeTargets.Property, Inherited = false)]
    public sealed class NoirqSafeAttribute : System.Attribute
    {
    }
}
