using Bridge.Tests.Support;
using RestoreSuite;

namespace Bridge.Tests;

/// <summary>
/// The driver model's restore-protocol scenarios (RestoreSuite.Scenarios.All) over the bridge: the same verdicts as
/// in process, and device-side counters that prove every notify and request happened exactly once.
/// </summary>
public class SuiteOverBridgeTests
{
    private static void RunAll(LinkKind kind)
    {
        using var rig = BridgeRig.Start(kind);
        var failures = new List<string>();
        foreach (IScenario scenario in Scenarios.All)
        {
            var outcome = scenario.Run(new ScenarioContext(rig.Target, new KernelOptions()));
            if (!outcome.Passed)
            {
                failures.Add($"{scenario.Name}: {outcome.Failure}");
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} scenario(s) failed over {kind}:\n" + string.Join("\n", failures));
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
