using System.Globalization;
using Fuzz.Harness;

// fuzz TARGET|all [--runs N] [--seconds S] [--seed S] [--crashes DIR]   deterministic mutation runner
// fuzz TARGET --repro FILE                                             run one input, print the verdict
// fuzz TARGET --libfuzzer                                              SharpFuzz libFuzzer entry (host-tests/fuzz/libfuzzer)
// fuzz TARGET --write-seeds DIR                                        write the harness's seeds as files (a libFuzzer corpus)
// fuzz instrument PATH/VirtioMmio.dll                                  SharpFuzz-instrument the firmware library in place
// fuzz TARGET --coverage ...                                           guide by the instrumented library's edges too
if (args.Length == 0)
{
    Console.Error.WriteLine("usage: fuzz <bridge|ring|registers|all> [--runs N] [--seconds S] [--seed S] [--crashes DIR] [--coverage] | --repro FILE | --libfuzzer | --write-seeds DIR");
    return 2;
}

if (args[0] == "instrument" && args.Length == 2)
{
    // Must run before anything loads VirtioMmio.dll into this process.
    Coverage.Instrument(args[1]);
    Console.WriteLine($"instrumented {args[1]}");
    return 0;
}

string name = args[0];
bool coverage = false;
long runs = 0;
double seconds = 10;
int seed = 1;
string? crashDir = null;
string? repro = null;
string? seedDir = null;
bool libFuzzer = false;
for (int i = 1; i < args.Length; i++)
{
    if (args[i] is "--runs" or "--seconds" or "--seed" or "--crashes" or "--repro" or "--write-seeds" && i + 1 == args.Length)
    {
        Console.Error.WriteLine($"{args[i]} needs a value");
        return 2;
    }

    switch (args[i])
    {
        case "--runs": runs = long.Parse(args[++i], CultureInfo.InvariantCulture); seconds = 0; break;
        case "--seconds": seconds = double.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--seed": seed = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--crashes": crashDir = args[++i]; break;
        case "--repro": repro = args[++i]; break;
        case "--libfuzzer": libFuzzer = true; break;
        case "--write-seeds": seedDir = args[++i]; break;
        case "--coverage": coverage = true; break;
        default:
            Console.Error.WriteLine($"unknown option {args[i]}");
            return 2;
    }
}

// An instrumented VirtioMmio.dll bumps a counter through SharpFuzz.Common.Trace.SharedMem on every edge, and that
// pointer starts out null: give it a map before any firmware code runs (the harness constructors already run the
// seeds), in every mode. Harmless without instrumentation. Under libFuzzer, LibFuzzer.Run then re-points it at the
// driver's shared memory, so only the inputs libFuzzer sends are counted there.
Coverage.Enable();

if (seedDir != null)
{
    var seeds = FuzzTargets.Create(name).Seeds();
    Directory.CreateDirectory(seedDir);
    for (int s = 0; s < seeds.Count; s++)
    {
        File.WriteAllBytes(Path.Combine(seedDir, $"{name}-seed-{s:D3}.bin"), seeds[s]);
    }

    Console.WriteLine($"{seeds.Count} seeds written to {seedDir}");
    return 0;
}

if (libFuzzer)
{
    // Under host-tests/fuzz/libfuzzer/dotnet-driver: libFuzzer drives, an escaped exception (including an
    // InvariantViolation) is reported as a crash. Like the mutation runner, an allocation that does not repeat on a
    // second run of the same input is the runtime's one-off work, not the device's (see Allocation.cs).
    IFuzzTarget target = FuzzTargets.Create(name);
    SharpFuzz.Fuzzer.LibFuzzer.Run(span =>
    {
        try
        {
            target.Execute(span);
        }
        catch (AllocationViolation) when (MutationRunner.Repeatable(target, span.ToArray()))
        {
        }
    });
    return 0;
}

if (repro != null)
{
    IFuzzTarget target = FuzzTargets.Create(name);
    try
    {
        target.Execute(File.ReadAllBytes(repro));
        Console.WriteLine("no invariant violated");
        return 0;
    }
    catch (Exception e)
    {
        Console.WriteLine(e);
        return 1;
    }
}

int exit = 0;
foreach (string target in name == "all" ? FuzzTargets.Names : new[] { name })
{
    var report = MutationRunner.Run(FuzzTargets.Create(target), new MutationRunner.Options
    {
        Seed = seed,
        MaxRuns = runs,
        MaxTime = seconds > 0 ? TimeSpan.FromSeconds(seconds) : null,
        UseCoverage = coverage,
    });
    Console.WriteLine(report);
    for (int c = 0; c < report.Crashes.Count; c++)
    {
        var crash = report.Crashes[c];
        Console.WriteLine($"  crash at execution {crash.Execution}: {crash.Message}");
        if (crashDir != null)
        {
            Directory.CreateDirectory(crashDir);
            File.WriteAllBytes(Path.Combine(crashDir, $"{target}-seed{seed}-{crash.Execution}.bin"), crash.Input);
        }

        exit = 1;
    }
}

return exit;
