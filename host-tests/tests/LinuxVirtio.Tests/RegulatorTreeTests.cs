using LinuxVirtio.Drivers;
using RestoreSuite;
using VirtioMmio.Devices.Regulator;

namespace LinuxVirtio.Tests;

/// <summary>The guest regulator device tree the suite uses must describe the device set it runs against.</summary>
public class RegulatorTreeTests
{
    [Fact]
    public void The_standard_tree_describes_every_regulator_of_the_standard_device_set()
    {
        using var target = new InProcessTarget();
        var device = (RegulatorDevice)target.Transport(target.Devices.Single(d => d.Kind == DeviceKinds.Regulator).Slot).Device;
        Assert.Equal(device.RegulatorCount, RegulatorTrees.Standard.Count);
        for (int i = 0; i < device.RegulatorCount; i++)
        {
            var descriptor = device.GetDescriptor(i);
            var node = RegulatorTrees.Standard[i];
            Assert.Equal(descriptor.Name, node.Name);
            Assert.Equal(descriptor.IsSwitch ? 0 : (int)descriptor.MinMicrovolts, node.MinUv);
            Assert.Equal(descriptor.IsSwitch ? 0 : (int)descriptor.MaxMicrovolts, node.MaxUv);
            Assert.Equal(descriptor.InitiallyEnabled, node.AlwaysOn);
        }
    }

    [Fact]
    public void A_context_tree_overrides_the_targets_own()
    {
        using var target = new InProcessTarget();
        var boardTree = new[] { new RegulatorNode("vdd_sensor", 3_300_000, 3_300_000, AlwaysOn: false) };
        var context = new ScenarioContext(target, new KernelOptions()) { RegulatorTree = boardTree };
        Assert.Same(boardTree, RegulatorTrees.For(context));
        Assert.Equal(RegulatorTrees.Standard, RegulatorTrees.For(new ScenarioContext(target, new KernelOptions())));
    }

    [Fact]
    public void A_switch_becomes_a_node_without_voltage_constraints()
    {
        var node = RegulatorTrees.NodeFor(RegulatorDescriptor.Switch("usb_vbus", 0, initiallyEnabled: true));
        Assert.Equal(new RegulatorNode("usb_vbus", 0, 0, AlwaysOn: true), node);
    }

    [Fact]
    public void Regulator_scenarios_fail_when_the_tree_names_a_regulator_the_device_lacks()
    {
        using var target = new InProcessTarget();
        var wrongTree = new[] { new RegulatorNode("no_such_ldo", 800_000, 1_200_000, AlwaysOn: true) };
        var outcome = Scenarios.Find("REG-probe")!.Run(new ScenarioContext(target, new KernelOptions()) { RegulatorTree = wrongTree });
        Assert.False(outcome.Passed);
        Assert.Contains("result -2", outcome.Failure);
    }
}
