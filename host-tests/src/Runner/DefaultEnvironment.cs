using BridgeHost;
using RestoreSuite;
using Runner.Cli;

namespace Runner;

/// <summary>The real suite and the real targets, as the installed command uses them.</summary>
public static class DefaultEnvironment
{
    public static RunnerEnvironment Create() => new(Scenarios.All, Open);

    /// <summary>In process: the device core compiled for .NET; otherwise the bridge (TCP, serial, pty).</summary>
    public static ITarget Open(TargetSpec spec) => spec.Kind switch
    {
        TargetKind.InProcess => spec.Board is null
            ? new InProcessTarget()
            : new InProcessTarget(VirtioMmio.App.StandardDeviceSet.CreateSimulated(spec.Board)),
        _ => BridgeTarget.Open(spec.Uri),
    };
}
