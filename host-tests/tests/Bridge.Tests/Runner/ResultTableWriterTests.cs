using RestoreSuite;
using Runner.Reports;
using Runner.Suite;

namespace Bridge.Tests.Runner;

public sealed class ResultTableWriterTests
{
    private static string[] Lines(SuiteResult suite)
    {
        var text = new StringWriter { NewLine = "\n" };
        new ResultTableWriter().Write(suite, text);
        return text.ToString().TrimEnd('\n').Split('\n');
    }

    [Fact]
    public void Has_a_column_per_phase_in_pm_order_and_a_row_per_scenario()
    {
        string[] lines = Lines(SyntheticSuites.Mixed());
        string header = lines.Single(l => l.StartsWith("Scenario", StringComparison.Ordinal));

        Assert.Equal(["Scenario", "Device", "Result", "probe", "freeze", "freeze_noirq", "restore_noirq", "restore", "other", "total"],
            header.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        string row = lines.Single(l => l.StartsWith("S1-cold-probe ", StringComparison.Ordinal));
        Assert.Equal(["S1-cold-probe", "test-1q", "PASS", "1.500", "0.250", "0.125", "2.000", "0.500", "-", "4.375"],
            row.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(lines, l => l.StartsWith("S3-refused-features ") && l.Contains(" FAIL "));
        Assert.Contains(lines, l => l.StartsWith("S4-restart ") && l.Contains(" RESTART "));
    }

    [Fact]
    public void Detailed_phases_are_folded_into_pm_phases_and_summed_over_soak_cycles()
    {
        var outcome = new ScenarioOutcome
        {
            Scenario = "S1",
            Passed = true,
            Trace = [],
            Phases =
            [
                new("suspend:virtio0", TimeSpan.FromMilliseconds(1)), new("resume_noirq:virtio0", TimeSpan.FromMilliseconds(4)),
                new("freeze:virtio0", TimeSpan.FromMilliseconds(2)), new("thaw_noirq:virtio0", TimeSpan.FromMilliseconds(0.5)),
                new("boot:linux", TimeSpan.FromMilliseconds(5)), new("asleep", TimeSpan.FromMilliseconds(0.25)),
            ],
            Duration = TimeSpan.FromMilliseconds(8),
        };
        string[] lines = Lines(SyntheticSuites.Of(new ScenarioResult("S1", "t", "test-1q", outcome)));

        Assert.Equal(["S1", "test-1q", "PASS", "-", "3.000", "-", "4.500", "-", "5.250", "8.000"], lines.Single(l => l.StartsWith("S1 ")).Split(' ', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void Ends_with_the_closing_line_after_the_failure_reasons()
    {
        string[] lines = Lines(SyntheticSuites.Mixed());

        Assert.Equal("2 passed, 2 failed", lines[^1]);
        Assert.Equal($"FAIL S3-refused-features: {SyntheticSuites.Divergence}", lines[^3]);
        Assert.StartsWith("DEVICE RESTARTED S4-restart: device restarted", lines[^2]);
    }
}
