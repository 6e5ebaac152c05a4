namespace LinuxVirtio.Kernel;

/// <summary><c>struct completion</c>: signalled by complete() (usually from a vq callback in irq context).</summary>
public sealed class Completion
{
    public bool Done { get; private set; }

    /// <summary>init_completion / reinit_completion.</summary>
    public void reinit_completion() => Done = false;

    public void complete() => Done = true;

    /// <summary>Consumes the completion (wait_for_completion returns once per complete()).</summary>
    internal void Consume() => Done = false;
}
