namespace LinuxVirtio.Kernel;

/// <summary>
/// A rule of the kernel's execution model was broken (sleeping in noirq or irq context, waiting for a completion
/// outside process context, allocating with GFP_KERNEL in noirq, ...). This is a bug in a driver or in the model,
/// never a device verdict, and it must fail the run loudly.
/// </summary>
public sealed class ProtocolViolationException : Exception
{
    public ProtocolViolationException(string message) : base(message) { }
}

/// <summary>
/// The kernel would block forever: a completion nobody signals, a polled used ring that never advances.
/// Unlike a real kernel the model gives up after a bound and reports which access started the wait.
/// </summary>
public sealed class DeviceHangException : Exception
{
    public DeviceHangException(string message) : base(message) { }
}
