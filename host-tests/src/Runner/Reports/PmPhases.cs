namespace Runner.Reports;

/// <summary>
/// Folds the driver model's detailed phase names ("resume_noirq:virtio0", "thaw:virtio0", "boot:linux", ...) into the
/// five PM phases the restore protocol is about. virtio-mmio registers one callback pair per level for every system
/// sleep transition (SET_SYSTEM_SLEEP_PM_OPS / SET_NOIRQ_SYSTEM_SLEEP_PM_OPS), so suspend, freeze, poweroff and
/// the hibernation quiesce all run the device's freeze, and resume, thaw and restore all run its restore.
/// </summary>
public static class PmPhases
{
    public const string Probe = "probe";
    public const string Freeze = "freeze";
    public const string FreezeNoirq = "freeze_noirq";
    public const string RestoreNoirq = "restore_noirq";
    public const string Restore = "restore";
    public const string Other = "other";

    /// <summary>The table's phase columns, in PM order.</summary>
    public static readonly string[] Columns = [Probe, Freeze, FreezeNoirq, RestoreNoirq, Restore, Other];

    /// <summary>The PM phase a detailed phase name belongs to, or <see cref="Other"/>.</summary>
    public static string Group(string phase)
    {
        int colon = phase.IndexOf(':');
        string callback = colon < 0 ? phase : phase[..colon];
        return callback switch
        {
            "probe" => Probe,
            "suspend" or "freeze" or "poweroff" or "quiesce" => Freeze,
            "suspend_noirq" or "freeze_noirq" or "poweroff_noirq" or "quiesce_noirq" => FreezeNoirq,
            "resume_noirq" or "thaw_noirq" or "restore_noirq" => RestoreNoirq,
            "resume" or "thaw" or "restore" => Restore,
            _ => Other,
        };
    }
}
