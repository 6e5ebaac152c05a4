using BenchmarkDotNet.Attributes;

namespace Benchmarks.Restore;

/// <summary>
/// One full restore_noirq of a 2-queue device (see <see cref="RestoreNoirqCycle"/>) per invocation, per transport.
/// Allocation figures of the bridge rows are host-side (the client's packets); the device side is measured on its
/// own by the other benchmarks.
/// </summary>
public class RestoreBenchmarks
{
    private RestoreRig _rig = null!;

    [Params(RestoreTransport.InProcess, RestoreTransport.TcpBatched, RestoreTransport.TcpUnbatched, RestoreTransport.Pty)]
    public RestoreTransport Transport { get; set; }

    [GlobalSetup]
    public void Setup() => _rig = RestoreRig.Open(Transport);

    [GlobalCleanup]
    public void Cleanup() => _rig.Dispose();

    [Benchmark]
    public void RestoreNoirq() => _rig.Cycle.Run();
}
