using LinuxVirtio.Kernel;
using LinuxVirtio.Tracing;

namespace LinuxVirtio.Pm;

/// <summary>The PM message of a transition (pm_message_t), which names the phases in the trace.</summary>
public enum PmEvent
{
    /// <summary>s2idle / suspend-to-RAM: suspend, suspend_late, suspend_noirq … resume_noirq, resume_early, resume.</summary>
    Suspend,

    /// <summary>Hibernation image creation: freeze … thaw.</summary>
    Freeze,

    /// <summary>Hibernation restore, boot kernel before jumping to the image: freeze callbacks with PMSG_QUIESCE.</summary>
    Quiesce,

    /// <summary>Hibernation restore, image kernel: restore_noirq, restore_early, restore.</summary>
    Restore,

    /// <summary>Hibernation, after the image is written: poweroff, poweroff_late, poweroff_noirq (freeze callbacks).</summary>
    Poweroff,
}

/// <summary>What a suspend attempt did.</summary>
public sealed record PmSuspendResult(int Error, string? FailedPhase, string? FailedDevice)
{
    public bool Ok => Error == 0;
}

/// <summary>
/// The system-sleep sequencing of <c>drivers/base/power/main.c</c>: suspend runs each phase for every device
/// (children before parents), resume runs restore_noirq for every device (parents first), then re-enables device
/// interrupts (latched lines are handled here), then restore_early, then restore. A failed suspend callback aborts
/// the transition and resumes, phase by phase, exactly the devices that completed each phase.
/// </summary>
public sealed class PmCore
{
    private readonly Kernel.Kernel _kernel;
    private readonly List<PmDevice> _dpmList = new();
    private readonly HashSet<PmDevice> _suspended = new();
    private readonly HashSet<PmDevice> _lateSuspended = new();
    private readonly HashSet<PmDevice> _noirqSuspended = new();

    public PmCore(Kernel.Kernel kernel)
    {
        _kernel = kernel;
    }

    /// <summary>Errors returned by resume-side callbacks (they are logged and the resume goes on).</summary>
    public List<string> ResumeErrors { get; } = new();

    /// <summary>device_pm_add(): a parent must be added before its children.</summary>
    public void device_pm_add(PmDevice dev)
    {
        if (dev.Parent != null && !_dpmList.Contains(dev.Parent))
        {
            throw new InvalidOperationException($"{dev.Name}: parent {dev.Parent.Name} not on dpm_list");
        }

        _dpmList.Add(dev);
    }

    /// <summary>dpm_suspend_start + dpm_suspend_late + dpm_suspend_noirq. On failure the partial suspend is undone.</summary>
    public PmSuspendResult Suspend(PmEvent ev)
    {
        string prefix = SuspendPrefix(ev);
        var reverse = Enumerable.Reverse(_dpmList).ToList();

        foreach (var dev in reverse)
        {
            int err = Run(dev.Suspend, prefix, dev, ExecContext.Process);
            if (err != 0)
            {
                Failed(prefix, dev, err);
                ResumeSuspended(ev);
                return new PmSuspendResult(err, prefix, dev.Name);
            }

            _suspended.Add(dev);
        }

        foreach (var dev in reverse)
        {
            int err = Run(dev.SuspendLate, prefix + "_late", dev, ExecContext.Process);
            if (err != 0)
            {
                Failed(prefix + "_late", dev, err);
                ResumeEarly(ev);
                ResumeSuspended(ev);
                return new PmSuspendResult(err, prefix + "_late", dev.Name);
            }

            _lateSuspended.Add(dev);
        }

        _kernel.Trace.Mark("suspend_device_irqs");
        _kernel.suspend_device_irqs();
        foreach (var dev in reverse)
        {
            int err = Run(dev.SuspendNoirq, prefix + "_noirq", dev, ExecContext.Noirq);
            if (err != 0)
            {
                Failed(prefix + "_noirq", dev, err);
                Resume(ev);
                return new PmSuspendResult(err, prefix + "_noirq", dev.Name);
            }

            _noirqSuspended.Add(dev);
        }

        _kernel.Trace.Mark("asleep");
        return new PmSuspendResult(0, null, null);
    }

    /// <summary>dpm_resume_noirq (parents first), resume_device_irqs, dpm_resume_early, dpm_resume_end.</summary>
    public void Resume(PmEvent ev)
    {
        string prefix = ResumePrefix(ev);
        foreach (var dev in _dpmList.Where(_noirqSuspended.Contains).ToList())
        {
            ResumeOne(dev.ResumeNoirq, prefix + "_noirq", dev, ExecContext.Noirq);
            _noirqSuspended.Remove(dev);
        }

        _kernel.Trace.Mark("resume_device_irqs");
        _kernel.resume_device_irqs();
        ResumeEarly(ev);
        ResumeSuspended(ev);
    }

    /// <summary>
    /// Hibernation restore in the image kernel: every device on this (image kernel) list is treated as fully
    /// suspended (the image was taken after freeze_noirq) and is restored.
    /// </summary>
    public void RestoreFromImage()
    {
        foreach (var dev in _dpmList)
        {
            _suspended.Add(dev);
            _lateSuspended.Add(dev);
            _noirqSuspended.Add(dev);
        }

        _kernel.suspend_device_irqs();
        Resume(PmEvent.Restore);
    }

    private void ResumeEarly(PmEvent ev)
    {
        string prefix = ResumePrefix(ev);
        foreach (var dev in _dpmList.Where(_lateSuspended.Contains).ToList())
        {
            ResumeOne(dev.ResumeEarly, prefix + "_early", dev, ExecContext.Process);
            _lateSuspended.Remove(dev);
        }
    }

    private void ResumeSuspended(PmEvent ev)
    {
        string prefix = ResumePrefix(ev);
        foreach (var dev in _dpmList.Where(_suspended.Contains).ToList())
        {
            ResumeOne(dev.Resume, prefix, dev, ExecContext.Process);
            _suspended.Remove(dev);
        }

        _kernel.Trace.Mark("running");
        _kernel.HandlePendingInterrupts();
    }

    private void ResumeOne(Func<int>? cb, string phase, PmDevice dev, ExecContext ctx)
    {
        int err = Run(cb, phase, dev, ctx);
        if (err != 0)
        {
            string msg = $"PM: dpm_run_callback(): {phase} returns {Errno.Describe(err)}";
            _kernel.Log.Add(LogLevel.Err, dev.Name, msg);
            ResumeErrors.Add($"{dev.Name}: {msg}");
        }
    }

    private int Run(Func<int>? cb, string phase, PmDevice dev, ExecContext ctx)
    {
        if (cb == null)
        {
            return 0;
        }

        _kernel.Trace.Mark($"{phase}:{dev.Name}");
        return _kernel.InContext(ctx, cb);
    }

    private void Failed(string phase, PmDevice dev, int err) =>
        _kernel.Log.Add(LogLevel.Err, dev.Name, $"PM: failed to {phase}: error {Errno.Describe(err)}");

    private static string SuspendPrefix(PmEvent ev) => ev switch
    {
        PmEvent.Suspend => "suspend",
        PmEvent.Freeze => "freeze",
        PmEvent.Quiesce => "quiesce",
        PmEvent.Poweroff => "poweroff",
        _ => throw new ArgumentException("not a suspend event", nameof(ev)),
    };

    private static string ResumePrefix(PmEvent ev) => ev switch
    {
        PmEvent.Suspend => "resume",
        PmEvent.Freeze => "thaw",
        PmEvent.Quiesce => "recover",
        _ => "restore",
    };
}
