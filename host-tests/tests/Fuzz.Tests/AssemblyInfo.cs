// The smoke fuzz runs are CPU-bound and the traffic counts run a TCP bridge: run the classes one after the other so
// that neither starves the other on a 2-core machine.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
