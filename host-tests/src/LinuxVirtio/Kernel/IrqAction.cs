using LinuxVirtio.Bus;

namespace LinuxVirtio.Kernel;

/// <summary>IRQ_NONE / IRQ_HANDLED.</summary>
public enum IrqReturn
{
    None,
    Handled,
}

/// <summary>One request_irq() registration: a device's (level, shared) line and its handler.</summary>
public sealed class IrqAction
{
    internal IrqAction(string name, IVirtioMmioBus line, Func<IrqReturn> handler)
    {
        Name = name;
        Line = line;
        Handler = handler;
    }

    public string Name { get; }

    public IVirtioMmioBus Line { get; }

    public Func<IrqReturn> Handler { get; }

    /// <summary>Disabled by the spurious-interrupt detector ("nobody cared").</summary>
    public bool Disabled { get; internal set; }

    /// <summary>Handler runs that returned IRQ_NONE in a row.</summary>
    internal int UnhandledInARow { get; set; }
}
