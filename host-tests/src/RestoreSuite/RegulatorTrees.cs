using LinuxVirtio.Drivers;
using VirtioMmio.App;
using VirtioMmio.App.Board;
using VirtioMmio.Devices.Regulator;

namespace RestoreSuite;

/// <summary>
/// Guest device trees for the regulator slot. Linux's virtio_regulator discovers nothing from the device: every
/// regulator is a DT node with a regulator-name and constraints, so the suite needs the tree that matches the target.
/// </summary>
public static class RegulatorTrees
{
    /// <summary>
    /// The tree of the standard device set (VirtioMmio.App.StandardDeviceSet: what the in-process target and the
    /// emulator without --board serve), derived from its descriptors so the two cannot drift apart.
    /// </summary>
    public static IReadOnlyList<RegulatorNode> Standard => StandardTree.Value;

    /// <summary>
    /// The DT node a BSP engineer would write for a regulator resource: its name, its voltage range as constraints
    /// (none for an on/off switch), and regulator-always-on when the board powers it up enabled.
    /// </summary>
    public static RegulatorNode NodeFor(RegulatorDescriptor descriptor) =>
        descriptor.IsSwitch
            ? new RegulatorNode(descriptor.Name, 0, 0, descriptor.InitiallyEnabled)
            : new RegulatorNode(descriptor.Name, (int)descriptor.MinMicrovolts, (int)descriptor.MaxMicrovolts, descriptor.InitiallyEnabled);

    /// <summary>The tree a board's firmware (or the emulator with --board) serves.</summary>
    public static IReadOnlyList<RegulatorNode> ForBoard(BoardDefinition board)
    {
        using var target = new InProcessTarget(StandardDeviceSet.CreateSimulated(board));
        return target.RegulatorTree ?? Array.Empty<RegulatorNode>();
    }

    private static readonly Lazy<IReadOnlyList<RegulatorNode>> StandardTree = new(() =>
    {
        using var target = new InProcessTarget();
        return target.RegulatorTree ?? Array.Empty<RegulatorNode>();
    });

    /// <summary>The tree a run uses: the context's (board file), else the target's own, else the standard one.</summary>
    public static IReadOnlyList<RegulatorNode> For(ScenarioContext context) =>
        context.RegulatorTree ?? context.Target.RegulatorTree ?? Standard;
}
