using RestoreSuite;
using Runner.Reports;
using Runner.Suite;

namespace Runner.Cli;

/// <summary>What the command does once the arguments are valid: list, or open the target, run, and report.</summary>
public sealed class SuiteCommand
{
    private readonly TextWriter _output;
    private readonly TextWriter _error;
    private readonly RunnerEnvironment _environment;

    public SuiteCommand(TextWriter output, TextWriter error, RunnerEnvironment environment)
    {
        _output = output;
        _error = error;
        _environment = environment;
    }

    public int Execute(RunnerOptions options)
    {
        if (options.List)
        {
            WriteList();
            return ExitCodes.AllPassed;
        }

        IReadOnlyList<IScenario> selected = options.Scenarios.Count == 0
            ? _environment.Scenarios
            : _environment.Scenarios.Where(s => options.Scenarios.Contains(s.Name)).ToArray();

        ITarget target;
        try
        {
            target = _environment.OpenTarget(options.Target);
        }
        catch (Exception e) when (e is ArgumentException or FormatException)
        {
            _error.WriteLine($"error: invalid target '{options.Target.Uri}': {e.Message}");
            return ExitCodes.UsageError;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            _error.WriteLine($"error: cannot reach target '{options.Target.Uri}': {e.Message}");
            return ExitCodes.TargetUnreachable;
        }

        SuiteResult suite;
        using (target)
        {
            _error.WriteLine($"running {selected.Count} scenario(s) against {target.Description}");
            var runner = new SuiteRunner(new ProgressReporter(_error, _environment.LiveProgress, _environment.TerminalWidth))
            {
                RegulatorTree = options.RegulatorTree,
            };
            suite = runner.Run(target, selected, options.Kernel, options.Cycles, _environment.Clock.GetUtcNow(), _environment.Interrupt);
        }

        bool reportsWritten = WriteReports(suite, options);
        new ResultTableWriter().Write(suite, _output);
        if (suite.Results.Count == 0)
        {
            _error.WriteLine("error: no scenario ran (the target offers none of the device kinds the selected scenarios need)");
        }

        return suite.AllPassed && reportsWritten ? ExitCodes.AllPassed : ExitCodes.Failures;
    }

    private void WriteList()
    {
        int nameWidth = _environment.Scenarios.Select(s => s.Name.Length).DefaultIfEmpty(8).Max();
        int kindWidth = _environment.Scenarios.Select(s => s.DeviceKind.Length).DefaultIfEmpty(6).Max();
        foreach (IScenario s in _environment.Scenarios)
        {
            _output.WriteLine($"{s.Name.PadRight(nameWidth)}  {s.DeviceKind.PadRight(kindWidth)}  {s.Title}");
        }
    }

    /// <summary>Writes every requested report; a report that cannot be written is an error, not a silent loss.</summary>
    private bool WriteReports(SuiteResult suite, RunnerOptions options)
    {
        bool ok = true;
        ok &= WriteFile(options.TraceFile, "trace", w => new TraceFileWriter().Write(suite, w));
        ok &= WriteFile(options.JUnitFile, "JUnit report", w => new JUnitWriter().Write(suite, w));
        ok &= WriteFile(options.ReportFile, "HTML report", w => new HtmlReportWriter().Write(suite, w));
        ok &= WriteFile(options.VcdFile, "VCD", w => new VcdWriter().Write(suite, w));
        return ok;
    }

    private bool WriteFile(string? path, string what, Action<TextWriter> write)
    {
        if (path is null)
        {
            return true;
        }

        try
        {
            using (var writer = new StreamWriter(path, append: false, new System.Text.UTF8Encoding(false)) { NewLine = "\n" })
            {
                write(writer);
            }

            _error.WriteLine($"wrote {what}: {path}");
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _error.WriteLine($"error: cannot write {what} '{path}': {e.Message}");
            return false;
        }
    }
}
