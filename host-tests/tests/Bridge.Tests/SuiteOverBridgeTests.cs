using Bridge.Tests.Support;
using RestoreSuite;

namespace Bridge.Tests;

/// <summary>
/// The driver model's restore-protocol scenarios (RestoreSuite.Scenarios.All) over the bridge: the same verdicts as
/// in process, and device-side counters that prove every notify and request happened exactly once.
/// </summary>
public class SuiteOverBridgeTests
{
    /// <summary>Device-side counters per device kind after the whole suite ran in process (no bridge): the reference.</summary>
    private static readonly Lazy<Dictionary<string, DeviceCounters>> Reference = new(() =>
    {
        using var target = new InProcessTarget();
        return RunSuite(target, "in process");
    });

    private static Dictionary<string, DeviceCounters> RunSuite(ITarget target, string where)
    {
        var failures = new List<string>();
        foreach (IScenario scenario in Scenarios.All)
        {
            var outcome = scenario.Run(new ScenarioContext(target, new KernelOptions()));
            if (!outcome.Passed)
            {
                failures.Add($"{scenario.Name}: {outcome.Failure}");
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} scenario(s) failed {where}:\n" + string.Join("\n", failures));
        return target.Devices.ToDictionary(d => d.Kind, d => target.ReadCounters(d.Slot));
    }

    /// <summary>
    /// Runs the suite over the link, then compares every slot's device-side counters (requests completed, notifies,
    /// resets, output transitions) with the in-process run: one notify or Status write executed twice, or lost,
    /// shows up as a difference.
    /// </summary>
    private static void RunAll(LinkKind kind)
    {
        using var rig = BridgeRig.Start(kind);
        var counters = RunSuite(rig.Target, $"over {kind}");
        Assert.Equal(Reference.Value.Keys.Order(), counters.Keys.Order());
        foreach (var (deviceKind, expected) in Reference.Value)
        {
            Assert.True(expected == counters[deviceKind], $"{deviceKind}: {counters[deviceKind]} over {kind}, {expected} in process");
        }

        Assert.True(Reference.Value.Values.Sum(c => c.Notifies) > 0, "the suite must have notified the devices");
    }

    [Fact]
    public void Every_scenario_passes_over_the_in_process_channel() => RunAll(LinkKind.InProcess);

    [Fact]
    public void Every_scenario_passes_over_TCP() => RunAll(LinkKind.Tcp);

    [LinkFact(LinkKind.Pty)]
    public void Every_scenario_passes_over_a_pty() => RunAll(LinkKind.Pty);

    [LinkFact(LinkKind.SocatPair)]
    public void Every_scenario_passes_over_a_socat_pty_pair() => RunAll(LinkKind.SocatPair);

    [Fact]
    public void Every_scenario_passes_over_TCP_with_10_percent_of_every_fault() => RunAll(LinkKind.TcpWithFaults);
}
