using BridgeHost;
using RestoreSuite;
using Runner.Cli;

namespace Runner;

/// <summary>The real suite and the real targets, as the installed command uses them.</summary>
public static class DefaultEnvironment
{
    public static RunnerEnvironment Create() => new(Array.Empty<IScenario>(), Open);

    private static ITarget Open(TargetSpec spec) => spec.Kind switch
    {
        TargetKind.InProcess => throw new NotSupportedException("the in-process emulator is not wired in yet"),
        _ => BridgeTarget.Open(spec.Uri),
    };
}
