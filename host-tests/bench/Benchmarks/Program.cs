using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Benchmarks.Campaign;
using Benchmarks.Restore;

// Tools first (plain console, deterministic, quick); anything else goes to BenchmarkDotNet.
if (args.Length > 0 && args[0] == "counts")
{
    return RestoreCounts.Run(args[1..], Console.Out);
}

if (args.Length > 0 && args[0] == "model-trace")
{
    return ModelTrace.Run(args[1..], Console.Out);
}

if (args.Length > 0 && args[0] == "campaign")
{
    return FaultCampaign.Run(args[1..], Console.Out);
}

// A short job: 2 busy cores are shared, so few iterations, and in process (no generated project to build per run);
// MemoryDiagnoser on every benchmark.
var config = DefaultConfig.Instance
    .AddJob(Job.ShortRun.WithWarmupCount(2).WithIterationCount(5).WithLaunchCount(1).WithToolchain(InProcessEmitToolchain.Instance))
    .AddDiagnoser(MemoryDiagnoser.Default)
    .AddColumn(StatisticColumn.Median)
    .WithOptions(ConfigOptions.JoinSummary);
BenchmarkSwitcher.FromAssembly(typeof(RestoreNoirqCycle).Assembly).Run(args, config);
return 0;
