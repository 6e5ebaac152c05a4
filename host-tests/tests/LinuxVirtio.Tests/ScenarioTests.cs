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
}
