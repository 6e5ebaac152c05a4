using RestoreSuite;

namespace LinuxVirtio.Tests;

/// <summary>The suite passes in process under every kernel option: RFC v2 or v9, HARDEN on or off.</summary>
public class OptionMatrixTests
{
    public static TheoryData<string, RfcRevision, bool> Matrix()
    {
        var data = new TheoryData<string, RfcRevision, bool>();
        foreach (var s in Scenarios.All)
        {
            foreach (var rfc in new[] { RfcRevision.V2, RfcRevision.V9 })
            {
                foreach (bool harden in new[] { false, true })
                {
                    if (rfc == RfcRevision.V9 && harden)
                    {
                        continue; // the default, covered by ScenarioTests
                    }

                    data.Add(s.Name, rfc, harden);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    public void Scenario_passes_under_kernel_options(string name, RfcRevision rfc, bool harden)
    {
        using var target = new InProcessTarget();
        var outcome = Scenarios.Find(name)!.Run(new ScenarioContext(target, new KernelOptions(rfc, harden)));
        Assert.True(outcome.Passed, outcome.Failure);
    }
}
