using RestoreSuite;
using Runner.Suite;

namespace Bridge.Tests.Runner;

/// <summary>Suite results built by hand, for the report writers.</summary>
internal static class SyntheticSuites
{
    public const string Divergence = "#44 R Status: expected 0x0000000b, got 0x00000003 (device refused features)";

    public static readonly TargetDevice[] Devices =
    [
        new(0, DeviceKinds.Test1Q, 0xC100, 2, 1),
        new(1, DeviceKinds.Test2Q, 0xC101, 2, 2),
        new(2, DeviceKinds.Clock, 0xC000, 2, 1),
    ];

    public static ScenarioResult Passed(string name, string kind = DeviceKinds.Test1Q, int queues = 1) =>
        new(name, $"title of {name}", kind, Outcomes.Pass(name, Traces.Restore(queues)));

    public static ScenarioResult Failed(string name, string failure = Divergence, bool restarted = false) =>
        new(name, $"title of {name}", DeviceKinds.Test1Q, Outcomes.Fail(name, failure, Traces.Restore(1), restarted));

    public static SuiteResult Of(params ScenarioResult[] results) => Of(results, []);

    public static SuiteResult Of(ScenarioResult[] results, SkippedScenario[] skipped) => new(
        "fake target",
        Devices,
        new KernelOptions(),
        1,
        new DateTimeOffset(2026, 11, 28, 23, 0, 0, TimeSpan.Zero),
        TimeSpan.FromMilliseconds(12.5),
        results,
        skipped);

    /// <summary>Two passes (one with two queues), a divergence and a device restart.</summary>
    public static SuiteResult Mixed() => Of(
        Passed("S1-cold-probe"),
        Passed("S2-two-queues", DeviceKinds.Test2Q, queues: 2),
        Failed("S3-refused-features"),
        Failed("S4-restart", "device restarted during the run (boot id 00000001 -> 00000002)", restarted: true));
}
