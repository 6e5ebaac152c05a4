using LinuxVirtio.Bus;
using RestoreSuite;
using Runner.Cli;

namespace Bridge.Tests.Runner;

/// <summary>The CLI end to end, in process, against fake scenarios and targets: exit codes, output, arguments.</summary>
public sealed class RunnerCliTests
{
    private static FakeScenario[] ThreePassing() =>
    [
        FakeScenario.Passing("S1-cold-probe"),
        FakeScenario.Passing("S2-noirq-happy-path", DeviceKinds.Test2Q, queues: 2),
        FakeScenario.Passing("S3-clock", DeviceKinds.Clock),
    ];

    [Fact]
    public void No_arguments_runs_every_scenario_in_process_and_exits_0()
    {
        FakeScenario[] suite = ThreePassing();
        CliRun run = CliRun.Invoke(suite);

        Assert.Equal(ExitCodes.AllPassed, run.ExitCode);
        Assert.Equal("3 passed, 0 failed", run.LastLine);
        Assert.All(suite, s => Assert.Equal(1, s.Runs));
        Assert.Equal(TargetKind.InProcess, Assert.Single(run.Opened).Kind);
        Assert.All(suite, s => Assert.Contains(s.Name, run.Output));
    }

    [Fact]
    public void A_failure_exits_1_and_names_the_divergent_access()
    {
        const string failure = "#17 R Status: expected 0x0000000b, got 0x00000003 (device refused features)";
        var suite = new[] { FakeScenario.Passing("S1"), FakeScenario.Failing("S2", failure) };
        CliRun run = CliRun.Invoke(suite);

        Assert.Equal(ExitCodes.Failures, run.ExitCode);
        Assert.Equal("1 passed, 1 failed", run.LastLine);
        Assert.Contains($"FAIL S2: {failure}", run.OutputLines);
    }

    [Fact]
    public void A_device_restart_is_reported_as_such_not_as_a_protocol_failure()
    {
        var suite = new[] { FakeScenario.Throwing("S1", new DeviceRestartedException(0x1111, 0x2222)), FakeScenario.Passing("S2") };
        CliRun run = CliRun.Invoke(suite);

        Assert.Equal(ExitCodes.Failures, run.ExitCode);
        Assert.Equal("1 passed, 1 failed", run.LastLine);
        string line = Assert.Single(run.OutputLines, l => l.StartsWith("DEVICE RESTARTED S1:", StringComparison.Ordinal));
        Assert.Contains("00001111 -> 00002222", line);
        Assert.Contains(run.OutputLines, l => l.StartsWith("S1 ", StringComparison.Ordinal) && l.Contains("RESTART"));
        Assert.Equal(1, suite[1].Runs);
    }

    [Fact]
    public void A_scenario_that_throws_fails_with_the_reason_and_the_run_goes_on()
    {
        var suite = new[] { FakeScenario.Throwing("S1", new InvalidOperationException("ring walk exceeded 256")), FakeScenario.Passing("S2") };
        CliRun run = CliRun.Invoke(suite);

        Assert.Equal(ExitCodes.Failures, run.ExitCode);
        Assert.Contains(run.OutputLines, l => l.StartsWith("FAIL S1:") && l.Contains("ring walk exceeded 256"));
        Assert.Equal("1 passed, 1 failed", run.LastLine);
    }

    [Fact]
    public void Repeated_scenario_options_run_only_those_in_suite_order()
    {
        FakeScenario[] suite = ThreePassing();
        CliRun run = CliRun.Invoke(suite, "--scenario", "S3-clock", "-s", "S1-cold-probe", "--scenario", "S1-cold-probe");

        Assert.Equal(ExitCodes.AllPassed, run.ExitCode);
        Assert.Equal("2 passed, 0 failed", run.LastLine);
        Assert.Equal([1, 0, 1], suite.Select(s => s.Runs));
        Assert.True(run.Output.IndexOf("S1-cold-probe", StringComparison.Ordinal) < run.Output.IndexOf("S3-clock", StringComparison.Ordinal));
    }

    [Fact]
    public void Unknown_scenario_is_a_usage_error_listing_the_valid_names_and_runs_nothing()
    {
        FakeScenario[] suite = ThreePassing();
        CliRun run = CliRun.Invoke(suite, "--scenario", "S9-nope");

        Assert.Equal(ExitCodes.UsageError, run.ExitCode);
        Assert.Contains("unknown scenario 'S9-nope'", run.Error);
        Assert.All(suite, s => Assert.Contains(s.Name, run.Error));
        Assert.All(suite, s => Assert.Equal(0, s.Runs));
        Assert.Empty(run.Opened);
        Assert.Equal(string.Empty, run.Output);
    }

    [Fact]
    public void List_prints_every_scenario_with_kind_and_title_and_opens_no_target()
    {
        FakeScenario[] suite = ThreePassing();
        CliRun run = CliRun.Invoke(suite, "--list");

        Assert.Equal(ExitCodes.AllPassed, run.ExitCode);
        Assert.Equal(suite.Length, run.OutputLines.Length);
        for (int i = 0; i < suite.Length; i++)
        {
            string[] fields = run.OutputLines[i].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(suite[i].Name, fields[0]);
            Assert.Equal(suite[i].DeviceKind, fields[1]);
            Assert.EndsWith(suite[i].Title, run.OutputLines[i]);
        }

        Assert.Empty(run.Opened);
        Assert.All(suite, s => Assert.Equal(0, s.Runs));
    }

    [Theory]
    [InlineData("--cycles", "0")]
    [InlineData("--cycles", "-3")]
    [InlineData("--cycles", "many")]
    [InlineData("--rfc", "v5")]
    [InlineData("--target", "udp://1.2.3.4:5")]
    [InlineData("--target", "tcp://localhost")]
    [InlineData("--target", "tcp://localhost:70000")]
    [InlineData("--target", "serial:/dev/ttyUSB0?baud=fast")]
    [InlineData("--target", "serial:?baud=9600")]
    [InlineData("--bogus", "1")]
    [InlineData("extra-positional", "")]
    public void Bad_arguments_exit_2_with_a_message_and_run_nothing(string option, string value)
    {
        FakeScenario[] suite = ThreePassing();
        string[] args = value.Length == 0 ? [option] : [option, value];
        CliRun run = CliRun.Invoke(suite, args);

        Assert.Equal(ExitCodes.UsageError, run.ExitCode);
        Assert.StartsWith("error: ", run.Error);
        Assert.Empty(run.Opened);
        Assert.All(suite, s => Assert.Equal(0, s.Runs));
    }

    [Fact]
    public void A_report_in_a_missing_directory_is_a_usage_error_before_anything_runs()
    {
        FakeScenario[] suite = ThreePassing();
        string missing = Path.Combine(Path.GetTempPath(), "no-such-dir-" + Guid.NewGuid().ToString("N"), "r.html");
        CliRun run = CliRun.Invoke(suite, "--report", missing);

        Assert.Equal(ExitCodes.UsageError, run.ExitCode);
        Assert.Contains("does not exist", run.Error);
        Assert.All(suite, s => Assert.Equal(0, s.Runs));
        Assert.False(File.Exists(missing));
    }

    [Fact]
    public void An_unreachable_target_exits_3_with_the_reason()
    {
        FakeScenario[] suite = ThreePassing();
        CliRun run = CliRun.Invoke(suite, _ => throw new BusException("connection refused"), "--target", "tcp://127.0.0.1:1");

        Assert.Equal(ExitCodes.TargetUnreachable, run.ExitCode);
        Assert.Contains("cannot reach target 'tcp://127.0.0.1:1': connection refused", run.Error);
        Assert.All(suite, s => Assert.Equal(0, s.Runs));
    }

    [Fact]
    public void Target_uri_kernel_options_and_cycles_reach_the_scenarios()
    {
        FakeScenario[] suite = ThreePassing();
        CliRun run = CliRun.Invoke(suite, "--target", "serial:/dev/ttyUSB0?baud=115200", "--rfc", "v2", "--no-harden", "--cycles", "25", "-s", "S1-cold-probe");

        Assert.Equal(ExitCodes.AllPassed, run.ExitCode);
        TargetSpec spec = Assert.Single(run.Opened);
        Assert.Equal((TargetKind.Serial, "serial:/dev/ttyUSB0?baud=115200", "/dev/ttyUSB0", 115200), (spec.Kind, spec.Uri, spec.Endpoint!.Path, spec.Endpoint.Baud));
        ScenarioContext context = suite[0].LastContext!;
        Assert.Equal(25, context.Cycles);
        Assert.Equal(new KernelOptions(RfcRevision.V2, HardenNotification: false), context.Kernel);
    }

    [Fact]
    public void Defaults_are_rfc_v9_hardened_one_cycle()
    {
        FakeScenario[] suite = ThreePassing();
        CliRun.Invoke(suite, "-s", "S1-cold-probe");

        ScenarioContext context = suite[0].LastContext!;
        Assert.Equal(1, context.Cycles);
        Assert.Equal(new KernelOptions(), context.Kernel);
    }

    [Fact]
    public void Scenarios_for_a_device_the_target_lacks_are_skipped_when_running_all()
    {
        FakeScenario[] suite = ThreePassing();
        CliRun run = CliRun.Invoke(suite, _ => new FakeTarget(DeviceKinds.Test1Q));

        Assert.Equal(ExitCodes.AllPassed, run.ExitCode);
        Assert.Equal("1 passed, 0 failed", run.LastLine);
        Assert.Contains("SKIP S3-clock: target has no 'clock' device", run.OutputLines);
        Assert.Equal([1, 0, 0], suite.Select(s => s.Runs));
    }

    [Fact]
    public void A_scenario_that_finds_the_target_cannot_run_it_is_skipped_with_its_reason()
    {
        var scenario = new FakeScenario("S9", DeviceKinds.Test1Q, _ => new ScenarioOutcome
        {
            Scenario = "S9",
            Passed = true,
            Skipped = true,
            Failure = "target cannot trigger a device-side config change",
            Trace = [],
            Phases = [],
        });
        CliRun run = CliRun.Invoke([FakeScenario.Passing("S1"), scenario]);

        Assert.Equal(ExitCodes.AllPassed, run.ExitCode);
        Assert.Contains("SKIP S9: target cannot trigger a device-side config change", run.OutputLines);
        Assert.Equal("1 passed, 0 failed", run.LastLine);
    }

    [Fact]
    public void Skipped_scenarios_keep_their_place_in_the_table_and_the_junit_report()
    {
        using var dir = new TempDir();
        FakeScenario[] suite = ThreePassing();
        CliRun run = CliRun.Invoke(suite, _ => new FakeTarget(DeviceKinds.Test1Q, DeviceKinds.Clock), "--junit", dir.File("r.xml"));

        string[] rows = run.OutputLines.Where(l => l.StartsWith("S", StringComparison.Ordinal) && !l.StartsWith("SKIP", StringComparison.Ordinal) && !l.StartsWith("Scenario", StringComparison.Ordinal)).ToArray();
        Assert.Equal(["S1-cold-probe", "S2-noirq-happy-path", "S3-clock"], rows.Select(r => r.Split(' ')[0]));
        Assert.Contains(" SKIP", rows[1]);
        var names = System.Xml.Linq.XDocument.Load(dir.File("r.xml")).Descendants("testcase").Select(t => (string)t.Attribute("name")!);
        Assert.Equal(suite.Select(s => s.Name), names);
        Assert.Equal("2 passed, 0 failed", run.LastLine);
    }

    [Fact]
    public void A_named_scenario_the_target_cannot_run_is_skipped_and_the_empty_run_fails()
    {
        FakeScenario[] suite = ThreePassing();
        CliRun run = CliRun.Invoke(suite, _ => new FakeTarget(DeviceKinds.Test1Q), "-s", "S3-clock");

        Assert.Equal(ExitCodes.Failures, run.ExitCode);
        Assert.Contains("SKIP S3-clock: target has no 'clock' device", run.OutputLines);
        Assert.Equal("0 passed, 0 failed", run.LastLine);
        Assert.Equal(0, suite[2].Runs);
    }

    [Fact]
    public void A_run_where_nothing_ran_is_not_a_success()
    {
        FakeScenario[] suite = ThreePassing();
        CliRun run = CliRun.Invoke(suite, _ => new FakeTarget(DeviceKinds.Regulator));

        Assert.Equal(ExitCodes.Failures, run.ExitCode);
        Assert.Equal("0 passed, 0 failed", run.LastLine);
        Assert.Contains("no scenario ran", run.Error);
    }

    [Fact]
    public void The_target_is_disposed_after_the_run()
    {
        var target = new FakeTarget(DeviceKinds.Test1Q);
        CliRun.Invoke([FakeScenario.Passing("S1")], _ => target);

        Assert.True(target.Disposed);
    }

    [Fact]
    public void Progress_goes_to_stderr_one_line_per_step_and_the_table_to_stdout()
    {
        var scenario = new FakeScenario("S1", DeviceKinds.Test1Q, ctx =>
        {
            ctx.Progress?.Invoke("S1: cycle 1 done");
            return Outcomes.Pass("S1", Traces.Restore(1));
        });
        CliRun run = CliRun.Invoke([scenario, FakeScenario.Passing("S2")], "--cycles", "2");

        Assert.Contains("[1/2] S1 ...\n    S1: cycle 1 done\n[1/2] S1: PASS", run.Error);
        Assert.Contains("[2/2] S2: PASS", run.Error);
        Assert.DoesNotContain("[1/2]", run.Output);
    }

    [Fact]
    public void A_single_cycle_run_gets_no_per_cycle_commentary()
    {
        var scenario = new FakeScenario("S1", DeviceKinds.Test1Q, ctx =>
        {
            Assert.Null(ctx.Progress);
            return Outcomes.Pass("S1", Traces.Restore(1));
        });
        CliRun run = CliRun.Invoke([scenario]);

        Assert.Equal(ExitCodes.AllPassed, run.ExitCode);
    }

    [Fact]
    public void Help_exits_0_and_documents_every_option_and_the_exit_codes()
    {
        CliRun run = CliRun.Invoke(ThreePassing(), "--help");

        Assert.Equal(0, run.ExitCode);
        foreach (string option in new[] { "--target", "--board", "--scenario", "--list", "--cycles", "--rfc", "--no-harden", "--trace", "--junit", "--report", "--vcd" })
        {
            Assert.Contains(option, run.Output);
        }

        // The default target is shown as a user would type it, not as a record dump.
        Assert.Contains("[default: inproc]", run.Output);
        Assert.DoesNotContain("TargetSpec", run.Output);

        Assert.Contains("3 target unreachable", run.Output);
    }
}

/// <summary>Ctrl-C during a run: the current scenario finishes, the rest are listed as not run, the run fails.</summary>
public sealed class RunnerInterruptTests
{
    [Fact]
    public void An_interrupted_run_reports_what_ran_and_what_did_not_and_exits_1()
    {
        using var interrupt = new CancellationTokenSource();
        var first = new FakeScenario("S1", DeviceKinds.Test1Q, _ =>
        {
            interrupt.Cancel(); // Ctrl-C arrives while S1 runs
            return Outcomes.Pass("S1", Traces.Restore(1));
        });
        FakeScenario second = FakeScenario.Passing("S2"), third = FakeScenario.Passing("S3");
        var output = new StringWriter { NewLine = "\n" };
        var environment = new global::Runner.RunnerEnvironment([first, second, third], _ => new FakeTarget(DeviceKinds.Test1Q)) { Interrupt = interrupt.Token };

        int code = global::Runner.Program.Run([], output, new StringWriter(), environment);

        string[] lines = output.ToString().TrimEnd('\n').Split('\n');
        Assert.Equal(ExitCodes.Failures, code);
        Assert.Equal((1, 0, 0), (first.Runs, second.Runs, third.Runs));
        Assert.Equal("INTERRUPTED: 2 scenario(s) not run: S2, S3", lines[^2]);
        Assert.Equal("1 passed, 0 failed", lines[^1]);
    }
}
