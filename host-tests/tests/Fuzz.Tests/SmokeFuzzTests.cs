using Fuzz.Harness;

namespace Fuzz.Tests;

/// <summary>
/// Short deterministic fuzz runs of every harness (fixed seed and execution count, a few seconds each on a loaded
/// 2-core machine): part of the test command. A crash here prints the harness, the execution number and the input
/// (hex), which reproduce it with `fuzz TARGET --repro FILE`.
/// </summary>
public sealed class SmokeFuzzTests
{
    [Theory]
    [InlineData("bridge", 10_000)]
    [InlineData("ring", 30_000)]
    [InlineData("registers", 20_000)]
    public void Smoke_run_finds_no_crash(string harness, int executions)
    {
        var target = FuzzTargets.Create(harness);
        int seeds = target.Seeds().Count;
        var report = MutationRunner.Run(target, new MutationRunner.Options { Seed = 20261128, MaxRuns = executions });

        Assert.True(report.Crashes.Count == 0, Describe(report));
        Assert.Equal(executions, report.Executions);

        // The run explored: more distinct behaviours than the seeds alone produce.
        Assert.True(report.Signatures > seeds, $"{report.Signatures} behaviours from {seeds} seeds");
    }

    [Theory]
    [InlineData("bridge")]
    [InlineData("ring")]
    [InlineData("registers")]
    public void Every_seed_satisfies_the_invariants(string harness)
    {
        var target = FuzzTargets.Create(harness);
        var seeds = target.Seeds();
        Assert.NotEmpty(seeds);
        foreach (byte[] seed in seeds)
        {
            target.Execute(seed);
        }
    }

    [Fact]
    public void Same_seed_gives_the_same_run()
    {
        var a = MutationRunner.Run(FuzzTargets.Create("registers"), new MutationRunner.Options { Seed = 7, MaxRuns = 500 });
        var b = MutationRunner.Run(FuzzTargets.Create("registers"), new MutationRunner.Options { Seed = 7, MaxRuns = 500 });
        var c = MutationRunner.Run(FuzzTargets.Create("registers"), new MutationRunner.Options { Seed = 8, MaxRuns = 500 });

        Assert.Equal(a.Signatures, b.Signatures);
        Assert.Equal(a.CorpusSize, b.CorpusSize);
        Assert.NotEqual(a.Signatures, c.Signatures);
    }

    private static string Describe(MutationRunner.Report report) =>
        report + Environment.NewLine + string.Join(Environment.NewLine,
            report.Crashes.Select(c => $"execution {c.Execution}: {c.Message}{Environment.NewLine}input: {Convert.ToHexString(c.Input)}"));
}
