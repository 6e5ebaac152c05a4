using System.Runtime.CompilerServices;
using LinuxVirtio.Tracing;
using RestoreSuite;

namespace LinuxVirtio.Tests;

/// <summary>
/// Every scenario's trace against the in-process device core equals its checked-in golden trace.
/// Regenerate after an intended change with UPDATE_GOLDEN=1 (then review the diff like code).
/// </summary>
public class GoldenTraceTests
{
    public static TheoryData<string> Names() => ScenarioTests.Names();

    [Theory]
    [MemberData(nameof(Names))]
    public void Trace_equals_golden(string name)
    {
        using var target = new InProcessTarget();
        var outcome = Scenarios.Find(name)!.Run(new ScenarioContext(target, new KernelOptions()));
        string actual = GoldenTraces.Render(outcome.Trace);
        if (Environment.GetEnvironmentVariable("UPDATE_GOLDEN") == "1")
        {
            File.WriteAllText(Path.Combine(GoldenDir(), name + ".trace"), actual);
            return;
        }

        string? golden = GoldenTraces.Load(name);
        Assert.True(golden != null, $"no golden trace for {name}: run with UPDATE_GOLDEN=1");
        string? diff = GoldenTraces.Diff(golden!, actual);
        Assert.True(diff == null, $"{name}: {diff}");
    }

    [Fact]
    public void Every_golden_trace_parses_and_belongs_to_a_scenario()
    {
        var names = Scenarios.All.Select(s => s.Name).ToHashSet();
        foreach (var file in Directory.GetFiles(GoldenDir(), "*.trace"))
        {
            Assert.Contains(Path.GetFileNameWithoutExtension(file), names);
            var entries = TraceFormat.Parse(new StringReader(File.ReadAllText(file)));
            Assert.NotEmpty(entries);
            Assert.Equal(Enumerable.Range(1, entries.Count).Select(i => (long)i), entries.Select(e => e.Seq));
        }
    }

    private static string GoldenDir([CallerFilePath] string here = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(here)!, "../../src/RestoreSuite/Golden"));
}
