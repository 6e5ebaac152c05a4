using System.CommandLine;
using System.CommandLine.Parsing;
using RestoreSuite;

namespace Runner.Cli;

/// <summary>
/// The virtio-noirq-suite command line (System.CommandLine 2.0). Everything is validated at parse time, so a bad
/// argument is reported before any target is opened or any file is touched.
/// </summary>
public sealed class RunnerCommandLine
{
    private readonly IReadOnlyList<string> _scenarioNames;

    public RunnerCommandLine(IReadOnlyList<string> scenarioNames)
    {
        _scenarioNames = scenarioNames;

        Target = new Option<TargetSpec>("--target", "-t")
        {
            Description = $"Device under test: {TargetSpec.Syntax}. Default: the built-in emulator, in process.",
            HelpName = "URI",
            DefaultValueFactory = _ => TargetSpec.InProcess,
            CustomParser = ParseTarget,
        };
        Scenario = new Option<string[]>("--scenario", "-s")
        {
            Description = "Run only this scenario (repeatable). See --list.",
            HelpName = "NAME",
            Arity = ArgumentArity.OneOrMore,
            AllowMultipleArgumentsPerToken = false,
        };
        Scenario.Validators.Add(ValidateScenarios);
        List = new Option<bool>("--list", "-l") { Description = "List the scenarios and exit." };
        Cycles = new Option<int>("--cycles", "-n")
        {
            Description = "Suspend/resume cycles per scenario (soak). At least 1.",
            HelpName = "N",
            DefaultValueFactory = _ => 1,
            CustomParser = ParseCycles,
        };
        Rfc = new Option<RfcRevision>("--rfc")
        {
            // No DefaultValueFactory: help would print the enum name ("V9"); an absent option means v9 (see Parse).
            Description = "Revision of the noirq RFC the driver model follows: v2 or v9. [default: v9]",
            HelpName = "v2|v9",
            CustomParser = ParseRfc,
        };
        Board = new Option<VirtioMmio.App.Board.BoardDefinition?>("--board", "-b")
        {
            Description = "The board under test: a name from boards/ (e.g. esp32-devkitc) or a board .json file. In process " +
                "it selects the device set; on every target it gives the guest's regulator device tree. Default: the standard set.",
            HelpName = "NAME|FILE",
            CustomParser = ParseBoard,
        };
        NoHarden = new Option<bool>("--no-harden") { Description = "Model a kernel without CONFIG_VIRTIO_HARDEN_NOTIFICATION." };
        Trace = FileOption("--trace", "Write every scenario's register trace (docs/trace-format.md) to FILE.");
        JUnit = FileOption("--junit", "Write a JUnit XML report to FILE.");
        Report = FileOption("--report", "Write a self-contained HTML report with an SVG timeline per scenario to FILE.");
        Vcd = FileOption("--vcd", "Write a Value Change Dump (Status, interrupt line, QueueReady) for GTKWave to FILE.");

        Root = new RootCommand(
            "Runs the virtio noirq restore-protocol suite against a virtio-mmio device: the built-in emulator (default), " +
            "an emulator over TCP, or a board over a serial line. Exit codes: 0 all passed, 1 failures, 2 usage error, " +
            "3 target unreachable.")
        {
            Target, Board, Scenario, List, Cycles, Rfc, NoHarden, Trace, JUnit, Report, Vcd,
        };
    }

    public RootCommand Root { get; }

    public Option<TargetSpec> Target { get; }

    public Option<string[]> Scenario { get; }

    public Option<bool> List { get; }

    public Option<int> Cycles { get; }

    public Option<RfcRevision> Rfc { get; }

    public Option<VirtioMmio.App.Board.BoardDefinition?> Board { get; }

    public Option<bool> NoHarden { get; }

    public Option<string> Trace { get; }

    public Option<string> JUnit { get; }

    public Option<string> Report { get; }

    public Option<string> Vcd { get; }

    /// <summary>The options of a parse without errors.</summary>
    public RunnerOptions ToOptions(ParseResult parse)
    {
        // Keep suite order and drop repeats, whatever order the names were given in.
        string[] requested = parse.GetValue(Scenario) ?? [];
        var board = parse.GetValue(Board);
        return new RunnerOptions
        {
            Target = (parse.GetValue(Target) ?? TargetSpec.InProcess) with { Board = board },
            RegulatorTree = board is null ? null : RegulatorTrees.ForBoard(board),
            Scenarios = _scenarioNames.Where(n => requested.Contains(n, StringComparer.Ordinal)).ToArray(),
            List = parse.GetValue(List),
            Cycles = parse.GetValue(Cycles),
            Kernel = new KernelOptions(Rfc: parse.GetResult(Rfc) is null ? RfcRevision.V9 : parse.GetValue(Rfc), HardenNotification: !parse.GetValue(NoHarden)),
            TraceFile = parse.GetValue(Trace),
            JUnitFile = parse.GetValue(JUnit),
            ReportFile = parse.GetValue(Report),
            VcdFile = parse.GetValue(Vcd),
        };
    }

    private static Option<string> FileOption(string name, string description)
    {
        var option = new Option<string>(name) { Description = description, HelpName = "FILE" };
        option.Validators.Add(r =>
        {
            string? path = r.GetValueOrDefault<string>();
            if (string.IsNullOrWhiteSpace(path))
            {
                r.AddError($"{name} needs a file name.");
                return;
            }

            string? directory;
            try
            {
                directory = Path.GetDirectoryName(Path.GetFullPath(path));
            }
            catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
            {
                r.AddError($"{name}: '{path}' is not a valid file name ({e.Message}).");
                return;
            }

            if (directory is not null && !Directory.Exists(directory))
            {
                r.AddError($"{name}: directory '{directory}' does not exist.");
            }
            else if (Directory.Exists(path))
            {
                r.AddError($"{name}: '{path}' is a directory.");
            }
        });
        return option;
    }

    private static VirtioMmio.App.Board.BoardDefinition? ParseBoard(ArgumentResult result)
    {
        if (result.Tokens.Count == 0)
        {
            return null;
        }

        string value = result.Tokens[0].Value;
        try
        {
            return Boards.BoardResolver.Resolve(value);
        }
        catch (Exception e) when (e is ArgumentException or InvalidDataException or IOException)
        {
            result.AddError($"--board: {e.Message}");
            return null;
        }
    }

    private static TargetSpec? ParseTarget(ArgumentResult result)
    {
        if (result.Tokens.Count == 0)
        {
            return TargetSpec.InProcess;
        }

        TargetSpec? spec = TargetSpec.TryParse(result.Tokens[0].Value, out string? error);
        if (spec is null)
        {
            result.AddError(error!);
        }

        return spec;
    }

    private static int ParseCycles(ArgumentResult result)
    {
        string value = result.Tokens.Count == 0 ? "1" : result.Tokens[0].Value;
        if (!int.TryParse(value, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out int cycles) || cycles < 1)
        {
            result.AddError($"--cycles must be a whole number of at least 1 (got '{value}').");
            return 1;
        }

        return cycles;
    }

    private static RfcRevision ParseRfc(ArgumentResult result)
    {
        string value = result.Tokens.Count == 0 ? "v9" : result.Tokens[0].Value;
        switch (value.ToLowerInvariant())
        {
            case "v2":
                return RfcRevision.V2;
            case "v9":
                return RfcRevision.V9;
            default:
                result.AddError($"--rfc must be v2 or v9 (got '{value}').");
                return RfcRevision.V9;
        }
    }

    private void ValidateScenarios(OptionResult result)
    {
        string[] names = result.GetValueOrDefault<string[]>() ?? [];
        string[] unknown = names.Where(n => !_scenarioNames.Contains(n, StringComparer.Ordinal)).Distinct().ToArray();
        if (unknown.Length > 0)
        {
            string which = unknown.Length == 1 ? $"unknown scenario '{unknown[0]}'" : $"unknown scenarios {string.Join(", ", unknown.Select(u => $"'{u}'"))}";
            result.AddError($"{which}. Valid names:{Environment.NewLine}  {string.Join(Environment.NewLine + "  ", _scenarioNames)}");
        }
    }
}
