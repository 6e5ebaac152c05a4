using LinuxVirtio.Bus;

namespace BridgeHost.Speculation;

/// <summary>
/// Runs a deterministic sequence of bus accesses (a body) in as few round trips as its predictions allow.
///
/// The body announces the reads it can predict (<see cref="IVirtioMmioBus.ReadExpecting"/>: Status reads back what
/// the driver built; <see cref="IVirtioMmioBus.ReadMemoryExpecting"/>: a used-ring entry the device must have
/// published). Over the bridge those become expectation ops deferred like writes, so a whole restore_noirq goes out
/// as one request. If a prediction is wrong, the device stops at that read (nothing after it executes) and reports
/// the real value; the runner then runs the body again from the start on a <see cref="ReplayBus"/>, which answers the
/// accesses already executed from its journal, hands the body the real value at the mispredicted read, and sends
/// what follows. The device therefore sees each access exactly once and in program order, the body sees exactly what
/// the device returned, and a wrong guess costs one round trip, not a wrong result.
///
/// The body must be deterministic given the bus's answers (same accesses for the same answers) and must keep its
/// state in what it re-creates on each run; the replay checks the first and throws if the body diverges.
/// </summary>
public sealed class SpeculativeRunner : IDisposable
{
    private readonly ReplayBus _bus;
    private readonly int _maxAttempts;

    /// <param name="bus">The device's bus (speculates if it is a <see cref="BridgeBus"/>; any other bus answers at once).</param>
    /// <param name="maxAttempts">Runs of one body before giving up (each misprediction costs one).</param>
    public SpeculativeRunner(IVirtioMmioBus bus, int maxAttempts = 1000)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxAttempts, 1);
        _bus = new ReplayBus(bus);
        _maxAttempts = maxAttempts;
    }

    /// <summary>The bus to hand to the body (also usable outside <see cref="Run"/> as a plain pass-through).</summary>
    public IVirtioMmioBus Bus => _bus;

    /// <summary>Predictions that came back wrong, over all runs.</summary>
    public long Mispredictions { get; private set; }

    /// <summary>Accesses answered from the journal on re-runs, over all runs.</summary>
    public long Replayed => _bus.Replayed;

    /// <summary>Runs <paramref name="body"/> until it completes with every prediction confirmed by the device.</summary>
    public void Run(Action<IVirtioMmioBus> body)
    {
        _bus.Clear();
        try
        {
            for (int attempt = 1; ; attempt++)
            {
                _bus.Rewind();
                try
                {
                    body(_bus);
                    _bus.Flush(); // confirms the predictions still in flight
                    return;
                }
                catch (ExpectationFailedException) when (attempt < _maxAttempts)
                {
                    Mispredictions++;
                    _bus.KeepExecuted();
                }
            }
        }
        finally
        {
            _bus.Clear();
        }
    }

    public void Dispose() => _bus.Dispose();
}
