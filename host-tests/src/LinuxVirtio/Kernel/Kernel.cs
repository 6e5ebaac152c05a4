using LinuxVirtio.Tracing;

namespace LinuxVirtio.Kernel;

/// <summary>
/// The execution environment of the modelled kernel: the current context (process, irq, noirq), the device IRQ
/// lines and when they may be delivered, sleeping rules, completions, DMA memory and the kernel log.
/// Single-threaded and deterministic: interrupts are delivered only at the points where a real kernel could take
/// them and the model must know it (wait_for_completion, local_irq_enable after a PM phase, explicit schedule()).
/// </summary>
public sealed class Kernel
{
    private readonly List<IrqAction> _irqs = new();

    public Kernel(KernelConfig config, TraceRecorder trace)
    {
        Config = config;
        Trace = trace;
        Log = new KernelLog(() => trace.LastAccessSeq);
    }

    public KernelConfig Config { get; set; }

    public TraceRecorder Trace { get; }

    public KernelLog Log { get; }

    public ExecContext Context { get; private set; } = ExecContext.Process;

    /// <summary>
    /// Between suspend_device_irqs() and resume_device_irqs(): device handlers are not called, a level line stays
    /// latched and is handled when the noirq phase ends.
    /// </summary>
    public bool DeviceIrqsSuspended { get; private set; }

    /// <summary>Runs <paramref name="body"/> in <paramref name="context"/> (restores the previous one afterwards).</summary>
    public T InContext<T>(ExecContext context, Func<T> body)
    {
        var saved = Context;
        Context = context;
        Trace.Context = context;
        try
        {
            return body();
        }
        finally
        {
            Context = saved;
            Trace.Context = saved;
        }
    }

    public void InContext(ExecContext context, Action body) => InContext(context, () =>
    {
        body();
        return 0;
    });

    /// <summary>might_sleep(): legal only in process context.</summary>
    public void might_sleep(string caller)
    {
        if (Context != ExecContext.Process)
        {
            throw new ProtocolViolationException(
                $"BUG: sleeping function called from invalid context: {caller} in {TraceFormat.ContextName(Context)} context (after #{Trace.LastAccessSeq})");
        }
    }

    /// <summary>kmalloc/kzalloc with GFP_KERNEL may sleep.</summary>
    public void gfp_kernel_alloc(string caller) => might_sleep(caller + " (GFP_KERNEL allocation)");

    /// <summary>request_irq(IRQF_SHARED).</summary>
    public IrqAction request_irq(string name, Bus.IVirtioMmioBus line, Func<IrqReturn> handler)
    {
        might_sleep("request_irq");
        var action = new IrqAction(name, line, handler);
        _irqs.Add(action);
        return action;
    }

    public void free_irq(IrqAction action)
    {
        might_sleep("free_irq");
        _irqs.Remove(action);
    }

    /// <summary>suspend_device_irqs(): start of the noirq suspend phase.</summary>
    public void suspend_device_irqs() => DeviceIrqsSuspended = true;

    /// <summary>resume_device_irqs(): end of the noirq resume phase; latched lines are handled now.</summary>
    public void resume_device_irqs()
    {
        DeviceIrqsSuspended = false;
        HandlePendingInterrupts();
    }

    /// <summary>
    /// Lets the CPU take interrupts: runs the handler of every asserted line, in irq context, until all lines are
    /// low (or a line is declared stuck). Does nothing while device IRQs are suspended or already in irq context.
    /// Returns true if a handler ran.
    /// </summary>
    public bool HandlePendingInterrupts()
    {
        if (DeviceIrqsSuspended || Context == ExecContext.Irq)
        {
            return false;
        }

        bool ran = false;
        for (int round = 0; round < 64; round++)
        {
            bool any = false;
            foreach (var action in _irqs.ToArray())
            {
                if (action.Disabled || !action.Line.InterruptLine)
                {
                    continue;
                }

                any = true;
                ran = true;
                var result = InContext(ExecContext.Irq, action.Handler);
                action.UnhandledInARow = result == IrqReturn.None ? action.UnhandledInARow + 1 : 0;
                if (action.UnhandledInARow >= 8 && action.Line.InterruptLine)
                {
                    // note_interrupt(): a level line that stays up while every handler says IRQ_NONE.
                    Log.Add(LogLevel.Err, action.Name, "irq: nobody cared (line stuck asserted); disabling IRQ");
                    action.Disabled = true;
                }
            }

            if (!any)
            {
                return ran;
            }
        }

        foreach (var action in _irqs.Where(a => !a.Disabled && a.Line.InterruptLine))
        {
            Log.Add(LogLevel.Err, action.Name, "irq: line still asserted after 64 handler runs (interrupt storm); disabling IRQ");
            action.Disabled = true;
        }

        return ran;
    }

    /// <summary>
    /// wait_for_completion(): sleeps until complete(). Legal only in process context. The model's "sleep" lets
    /// interrupts in (and re-checks the device lines) until the completion is signalled or the timeout passes.
    /// </summary>
    public void wait_for_completion(Completion done, string what)
    {
        if (Context != ExecContext.Process)
        {
            throw new ProtocolViolationException(
                $"BUG: wait_for_completion ({what}) in {TraceFormat.ContextName(Context)} context (after #{Trace.LastAccessSeq})");
        }

        long startSeq = Trace.LastAccessSeq;
        var deadline = DateTime.UtcNow + Config.CompletionTimeout;
        int spins = 0;
        while (!done.Done)
        {
            foreach (var action in _irqs)
            {
                action.Line.Flush();
            }

            if (HandlePendingInterrupts())
            {
                continue;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new DeviceHangException(
                    $"{what}: no completion (no used-buffer interrupt) within {Config.CompletionTimeout.TotalMilliseconds:0} ms after #{startSeq}");
            }

            if (++spins > 2)
            {
                Thread.Sleep(1);
            }
        }

        done.Consume();
    }
}
