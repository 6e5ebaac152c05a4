using LinuxVirtio.Drivers;
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
    /// emulator without --board serve). A test keeps it equal to the set's descriptors.
    /// </summary>
    public static readonly IReadOnlyList<RegulatorNode> Standard = new[]
    {
        new RegulatorNode("vdd_core", 800_000, 1_200_000, AlwaysOn: true),
        new RegulatorNode("vdd_io", 1_800_000, 3_300_000, AlwaysOn: false),
    };

    /// <summary>
    /// The DT node a BSP engineer would write for a regulator resource: its name, its voltage range as constraints
    /// (none for an on/off switch), and regulator-always-on when the board powers it up enabled.
    /// </summary>
    public static RegulatorNode NodeFor(RegulatorDescriptor descriptor) =>
        descriptor.IsSwitch
            ? new RegulatorNode(descriptor.Name, 0, 0, descriptor.InitiallyEnabled)
            : new RegulatorNode(descriptor.Name, (int)descriptor.MinMicrovolts, (int)descriptor.MaxMicrovolts, descriptor.InitiallyEnabled);

    /// <summary>The tree a run uses: the context's (board file), else the target's own, else the standard one.</summary>
    public static IReadOnlyList<RegulatorNode> For(ScenarioContext context) =>
        context.RegulatorTree ?? context.Target.RegulatorTree ?? Standard;
}
