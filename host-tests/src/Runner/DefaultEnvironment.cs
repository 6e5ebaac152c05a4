using RestoreSuite;
using Runner.Cli;

namespace Runner;

/// <summary>The real suite and the real targets, as the installed command uses them.</summary>
internal static class DefaultEnvironment
{
    public static RunnerEnvironment Create() => new(Array.Empty<IScenario>(), Open);

    private static ITarget Open(TargetSpec spec) =>
        throw new NotSupportedException($"{spec.Kind} targets are not wired in yet");
}
