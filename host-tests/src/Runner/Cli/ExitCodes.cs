namespace Runner.Cli;

/// <summary>Process exit codes of virtio-noirq-suite (docs/runner.md). CI keys on these, so they never change meaning.</summary>
public static class ExitCodes
{
    /// <summary>Every scenario that ran passed (also: --list, --help).</summary>
    public const int AllPassed = 0;

    /// <summary>At least one scenario failed or saw a device restart, or no scenario ran at all.</summary>
    public const int Failures = 1;

    /// <summary>Bad command line: unknown option or scenario, malformed target, cycles &lt; 1, unwritable report path.</summary>
    public const int UsageError = 2;

    /// <summary>The target could not be opened (connection refused, no such serial port, no hello reply).</summary>
    public const int TargetUnreachable = 3;
}
