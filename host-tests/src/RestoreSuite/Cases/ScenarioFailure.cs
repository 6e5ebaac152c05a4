namespace RestoreSuite.Cases;

/// <summary>A scenario check failed; the message names the access and the expected and actual values.</summary>
public sealed class ScenarioFailure : Exception
{
    public ScenarioFailure(string message) : base(message) { }
}

/// <summary>The target cannot run this scenario (e.g. it cannot trigger a config change); reported as skipped.</summary>
public sealed class ScenarioSkipped : Exception
{
    public ScenarioSkipped(string message) : base(message) { }
}
