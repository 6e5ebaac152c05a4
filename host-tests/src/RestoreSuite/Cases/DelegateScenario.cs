namespace RestoreSuite.Cases;

/// <summary>A scenario whose body is a static method of one of the topical scenario classes.</summary>
public sealed class DelegateScenario : ScenarioBase
{
    private readonly Action<ScenarioRun, int> _body;

    private readonly bool _repeatsPerCycle;

    public DelegateScenario(string name, string title, string deviceKind, Action<ScenarioRun> body, bool repeatsPerCycle = true)
        : base(name, title, deviceKind)
    {
        _body = (run, _) => body(run);
        _repeatsPerCycle = repeatsPerCycle;
    }

    protected override bool RepeatsPerCycle => _repeatsPerCycle;

    protected override void Body(ScenarioRun run, int cycle) => _body(run, cycle);
}
