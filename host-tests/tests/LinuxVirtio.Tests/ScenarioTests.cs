using LinuxVirtio.Tracing;
using RestoreSuite;

namespace LinuxVirtio.Tests;

/// <summary>Every scenario passes against the device core in process, with default kernel options (RFC v9, HARDEN on).</summary>
public class ScenarioTests
{
    public static TheoryData<string> Names()
    {
        var data = new TheoryData<string>();
        foreach (var s in Scenarios.All)
        {
            data.Add(s.Name);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Scenario_passes_in_process(string name)
    {
        using var target = new InProcessTarget();
        var outcome = Scenarios.Find(name)!.Run(new ScenarioContext(target, new KernelOptions()));
        Assert.True(outcome.Passed && !outcome.Skipped, $"{outcome.Failure}\n{TraceFormat.ToText(outcome.Trace.TakeLast(40), withTime: false)}");
    }

    /// <summary>A soak (runner --cycles) repeats the sleep cycles of every scenario on one boot; all still pass.</summary>
    [Theory]
    [MemberData(nameof(Names))]
    public void Scenario_passes_a_three_cycle_soak(string name)
    {
        using var target = new InProcessTarget();
        var outcome = Scenarios.Find(name)!.Run(new ScenarioContext(target, new KernelOptions(), cycles: 3));
        Assert.True(outcome.Passed && !outcome.Skipped, $"{outcome.Failure}\n{TraceFormat.ToText(outcome.Trace.TakeLast(40), withTime: false)}");
    }

    [Fact]
    public void A_soak_really_repeats_the_sleep_cycle_but_not_a_cold_probe()
    {
        int Accesses(string name, int cycles)
        {
            using var target = new InProcessTarget();
            var outcome = Scenarios.Find(name)!.Run(new ScenarioContext(target, new KernelOptions(), cycles));
            Assert.True(outcome.Passed, outcome.Failure);
            return outcome.Trace.Count(e => e.Kind is TraceKind.Read or TraceKind.Write);
        }

        Assert.True(Accesses("S2-noirq-happy-path", 3) > Accesses("S2-noirq-happy-path", 1) + 40);
        Assert.Equal(Accesses("S1-probe-1q", 1), Accesses("S1-probe-1q", 3));
    }
}
