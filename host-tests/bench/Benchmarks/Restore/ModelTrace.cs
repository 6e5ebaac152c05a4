using LinuxVirtio.Tracing;
using RestoreSuite;

namespace Benchmarks.Restore;

/// <summary>
/// `model-trace SCENARIO [PHASE]`: runs a scenario of the Linux driver model in process and prints its register
/// trace (optionally only entries whose phase contains PHASE), to compare the benchmark's restore_noirq cycle with
/// what the model does.
/// </summary>
public static class ModelTrace
{
    public static int Run(string[] args, TextWriter output)
    {
        if (args.Length < 1)
        {
            output.WriteLine("usage: model-trace SCENARIO [PHASE]");
            return 2;
        }

        IScenario? scenario = Scenarios.Find(args[0]);
        if (scenario == null)
        {
            output.WriteLine($"no scenario {args[0]}");
            return 2;
        }

        using var target = new InProcessTarget();
        var outcome = scenario.Run(new ScenarioContext(target, new KernelOptions()));
        var entries = outcome.Trace.Where(e => args.Length < 2 || e.Phase.Contains(args[1], StringComparison.OrdinalIgnoreCase));
        TraceFormat.Write(output, entries, withTime: false);
        output.WriteLine($"{scenario.Name}: {(outcome.Passed ? "passed" : "FAILED " + outcome.Failure)}");
        return outcome.Passed ? 0 : 1;
    }
}
