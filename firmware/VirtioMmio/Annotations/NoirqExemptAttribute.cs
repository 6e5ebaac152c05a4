namespace VirtioMmio.Annotations
{
    /// <summary>
    /// Takes a method, property or type off the noirq path: start-up code, and the outermost loop that waits for input
    /// and then drives the register path. Constructors are exempt without it. Noirq code must not call an exempt
    /// member (the static check reports such a call). The reason says why the member cannot run during a register access.
    /// </summary>
    [System.AttributeUsage(System.AttributeTargets.Class | System.AttributeTargets.Struct | System.AttributeTargets.Method | System.AttributeTargets.Property, Inherited = false)]
    public sealed class NoirqExemptAttribute : System.Attribute
    {
        public NoirqExemptAttribute(string reason)
        {
            Reason = reason;
        }

        public string Reason { get; }
    }
}
